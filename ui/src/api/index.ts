// The only module that imports @tauri-apps/*. Components receive an `Api` and never call
// Tauri themselves, so unit tests hand them a fake and the real one is used in the app.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ErrorKind, IpcError } from "./bindings";
import type { Commands } from "./commands";

export type * from "./bindings";
export type { Commands } from "./commands";

/** What command `K` takes: its request struct, or `null` for a command without input. */
export type Req<K extends keyof Commands> = Commands[K]["req"];
/** What command `K` resolves to (`null` for a command that returns nothing). */
export type Res<K extends keyof Commands> = Commands[K]["res"];
/** What command `K` streams while it runs; `null` for a command that streams nothing. */
export type Progress<K extends keyof Commands> = Commands[K]["progress"];

/**
 * The seam between the screens and the app core: one typed call per command of the Rust
 * command list, by its Rust name. A failed call rejects with an `IpcError`.
 */
export interface Api {
  /**
   * Runs command `name` with `req`; a streaming command also takes `onProgress`, which receives
   * what it sends (required there, so a call cannot miss the channel the command expects).
   */
  call<K extends keyof Commands>(name: K, req: Req<K>, ...progress: ProgressArg<K>): Promise<Res<K>>;
}

/** The progress callback: required for a streaming command, absent for any other. */
export type ProgressArg<K extends keyof Commands> = Progress<K> extends null ? [] : [onProgress: (p: Progress<K>) => void];

// Every kind, checked against the generated type: a kind added in Rust and missing here is a
// type error, not a message shown as "[object Object]".
const KIND_SET: { [K in ErrorKind]: true } = {
  keyring_unavailable: true,
  keyring_locked: true,
  keyring_failed: true,
  invalid_input: true,
  invalid_catalog: true,
  not_found: true,
  conflict: true,
  vendor_unauthorized: true,
  vendor_forbidden: true,
  vendor_validation: true,
  vendor_rate_limited: true,
  vendor_unavailable: true,
  vendor_timeout: true,
  vendor_bad_response: true,
  exceeds_credential: true,
  io: true,
  internal: true,
  create_uncertain: true,
};
const KINDS = Object.keys(KIND_SET) as ErrorKind[];

/** Normalises anything thrown by `invoke` into `{ kind, message, details }`. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const { kind, message, details } = e as { kind: unknown; message: unknown; details?: unknown };
    if (typeof kind === "string" && (KINDS as readonly string[]).includes(kind) && typeof message === "string") {
      const list = Array.isArray(details) ? details.filter((d): d is string => typeof d === "string") : [];
      return { kind: kind as ErrorKind, message, details: list };
    }
  }
  return { kind: "internal", message: typeof e === "string" ? e : String(e), details: [] };
}

/**
 * The app's `Api`: `invoke(name, { req })` (no argument for a command without input), with
 * the progress callback behind a `Channel` named `onProgress` when one is given. Whatever the
 * call throws reaches the caller as an `IpcError`.
 */
export const tauriApi: Api = {
  async call(name, req, ...progress) {
    const onProgress = progress[0] as ((p: unknown) => void) | undefined;
    const args: Record<string, unknown> = req === null ? {} : { req };
    if (onProgress !== undefined) {
      const channel = new Channel<unknown>();
      channel.onmessage = onProgress;
      args.onProgress = channel;
    }
    try {
      return await invoke(name, args);
    } catch (e) {
      throw toIpcError(e);
    }
  },
};

/** Fake command bodies for `fakeApi`, by command name: each answers `req` and may send progress. */
export type FakeHandlers = Partial<{
  [K in keyof Commands]: (req: Req<K>, onProgress: (p: Progress<K>) => void) => Res<K> | Promise<Res<K>>;
}>;

/**
 * An `Api` for unit tests, answering from `handlers`. A handler gets the request exactly as the
 * caller passed it, and the caller's progress callback only when the caller gave one; what it
 * throws or rejects with reaches the caller unchanged. A command with no handler rejects with
 * `{ kind: "internal", message: "<name> is not faked" }`.
 */
export function fakeApi(handlers: FakeHandlers): Api {
  return {
    async call(name, req, ...progress) {
      const onProgress = progress[0] as ((p: Progress<typeof name>) => void) | undefined;
      type Handler = (req: Req<typeof name>, onProgress?: (p: Progress<typeof name>) => void) => Res<typeof name> | Promise<Res<typeof name>>;
      const handler = handlers[name] as Handler | undefined;
      if (handler === undefined) {
        const refusal: IpcError = { kind: "internal", message: `${name} is not faked`, details: [] };
        throw refusal;
      }
      return onProgress === undefined ? await handler(req) : await handler(req, onProgress);
    },
  };
}
