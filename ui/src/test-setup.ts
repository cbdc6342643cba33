import { afterEach } from "vitest";
import { cleanup } from "@testing-library/svelte";

// Each test starts from an empty document.
afterEach(() => cleanup());

// jsdom has no layout, so no ResizeObserver; components that measure themselves (the audit
// matrix's `bind:clientHeight`) get one that never reports a change.
if (!("ResizeObserver" in globalThis)) {
  (globalThis as Record<string, unknown>).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// Nor does it scroll: scrollIntoView (which the tokens section calls on Filters) is a no-op.
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = function () {};
