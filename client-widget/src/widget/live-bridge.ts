// The declared bridge between the widget and its lazy live chunk (live.ts): the
// chunk puts connectLive on window.parleyLive; the widget loads the chunk after
// the first render and calls it with the handlers of one mounted thread.
import type { ApprovedEvent } from '../../../src/contracts.js';
import { base, site } from './config.js';
import { loadScript } from './load.js';

/** The chunk's file name, content-hashed (defined by client-widget/build.mjs). */
declare const __LIVE__: string;

export interface LiveHandlers {
  approved(c: ApprovedEvent): void;
  removed(id: string): void;
  /** A visible comment changed (e.g. its author's data was erased): show it anew. */
  updated(c: ApprovedEvent): void;
  /** After a reconnect: fetch what was missed. */
  reconnected(): void;
  /** The connection is up (true) or lost (false). */
  live(on: boolean): void;
}

export type ConnectLive = (base: string, site: string, thread: string, on: LiveHandlers) => void;

declare global {
  interface Window {
    /** Set by the live chunk when it has loaded. */
    parleyLive?: ConnectLive;
  }
}

/** Loads the live chunk, then follows `thread` with `on`. */
export function loadLive(thread: string, on: LiveHandlers) {
  loadScript(__LIVE__).then(
    () => window.parleyLive?.(base, site, thread, on),
    () => {},
  );
}
