import type { Api, IpcError, KeyringReport } from "../../api";
import { toIpcError } from "../../api";

export type KeyringState =
  | { status: "idle" }
  | { status: "checking" }
  | { status: "ok"; report: KeyringReport }
  | { status: "error"; error: IpcError };

/** What the admin should read for a failed keyring check, by error kind. */
export function keyringHeadline(error: IpcError): string {
  switch (error.kind) {
    case "keyring_unavailable":
      return "No OS keyring found";
    case "keyring_locked":
      return "The OS keyring is locked";
    case "keyring_failed":
      return "The OS keyring check failed";
    default:
      return "Unexpected error";
  }
}

/** Runs the keyring self-check and tracks its state; one check at a time. */
export class KeyringCheck {
  state = $state<KeyringState>({ status: "idle" });

  constructor(private readonly api: Api) {}

  async run(): Promise<void> {
    if (this.state.status === "checking") return;
    this.state = { status: "checking" };
    try {
      this.state = { status: "ok", report: await this.api.call("keyring_check", null) };
    } catch (e) {
      this.state = { status: "error", error: toIpcError(e) };
    }
  }
}
