// Written by scripts/cli-commands.mjs from the folders' cli-command.ts: do not edit.
import type { CliCommand } from '../commands/command.js';
import { cliCommand as supportAddressesCommand } from '../support-addresses/cli-command.js';

/** The commands the features' folders declare, in the folders' order (`--help` lists them after the relay's own). */
export const CONTRIBUTED: readonly CliCommand[] = [supportAddressesCommand];
