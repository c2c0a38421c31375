// Written by scripts/contributions.mjs from the folders' contact-section.ts: do not edit.
import type { OutletEntry } from '../outlets.js';
import { contactSection as attributesContactSection } from '../attributes/contact-section.js';
import { contactSection as companiesContactSection } from '../companies/contact-section.js';
import { contactSection as mergeContactSection } from '../merge/contact-section.js';

/** The contact sections the folders declare, in the folders' order (their list orders them by rank). */
export const CONTRIBUTED: readonly OutletEntry[] = [
  attributesContactSection,
  companiesContactSection,
  mergeContactSection,
];
