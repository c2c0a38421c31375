/** One response of a visit, with its bytes on the wire. */
export interface WireFile {
  readonly url: string;
  readonly path: string;
  readonly status: number;
  readonly encoding: string;
  readonly cacheControl: string;
  readonly fromCache: boolean;
  readonly bytes: number;
}
/** A visit's responses and their total bytes on the wire. */
export interface WireVisit {
  readonly files: readonly WireFile[];
  readonly bytes: number;
}
export interface WireResult {
  readonly closed: WireVisit;
  readonly opened: WireVisit;
  readonly repeat: WireVisit;
  readonly inbox: WireVisit;
  /** A first visit of a site with a live campaign, the chat closed: the campaigns' loader. */
  readonly campaigns: WireVisit;
}
export declare const WIRE_BUDGETS: { closed: number; opened: number; repeat: number; inbox: number; campaigns: number };
export declare function measureWire(): Promise<WireResult>;
export declare function reportWire(result: WireResult): { ok: boolean; text: string };
