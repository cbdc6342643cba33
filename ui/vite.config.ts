import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app loads ui/dist from inside the binary; the dev server is only for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari15", outDir: "dist", emptyOutDir: true, sourcemap: false },
  resolve: process.env.VITEST ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    // Test data shared by tests (named as tests, so it counts as test code everywhere).
    exclude: ["**/node_modules/**", "src/**/*.fixture.test.ts"],
    setupFiles: ["src/test-setup.ts"],
  },
});
