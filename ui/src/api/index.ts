// The only module that imports @tauri-apps/*. Components receive an `Api` and never call
// Tauri themselves, so unit tests hand them a fake and the real one is used in the app.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, ErrorKind, IpcError, KeyringReport } from "./bindings";

export type { AppInfo, ErrorKind, IpcError, KeyringReport };

export interface Api {
  appInfo(): Promise<AppInfo>;
  keyringCheck(): Promise<KeyringReport>;
}

const KINDS: readonly ErrorKind[] = [
  "keyring_unavailable",
  "keyring_locked",
  "keyring_failed",
  "invalid_input",
  "internal",
];

/** Normalises anything thrown by `invoke` into `{ kind, message }`. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const { kind, message } = e as { kind: unknown; message: unknown };
    if (typeof kind === "string" && (KINDS as readonly string[]).includes(kind) && typeof message === "string") {
      return { kind: kind as ErrorKind, message };
    }
  }
  return { kind: "internal", message: typeof e === "string" ? e : String(e) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

export const tauriApi: Api = {
  appInfo: () => call<AppInfo>("app_info"),
  keyringCheck: () => call<KeyringReport>("keyring_check"),
};
