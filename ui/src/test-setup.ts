import { afterEach } from "vitest";
import { cleanup } from "@testing-library/svelte";

// Each test starts from an empty document.
afterEach(() => cleanup());
