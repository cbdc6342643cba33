import { mount } from "svelte";
import App from "./App.svelte";
import { tauriApi } from "./api";
import { takeBoot } from "./api/boot";
import "./app.css";

performance.mark("scopekeeper:script");
const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

// The sidebar is what makes the window useful: its catalogs come with the window (boot data)
// or, after a reload, are asked for before the UI mounts.
const boot = takeBoot();
if (boot) performance.mark("scopekeeper:boot");
const firstCatalogs = boot ? Promise.resolve(boot.catalogs) : tauriApi.call("list_catalogs", null);

export default mount(App, { target, props: { api: tauriApi, firstCatalogs, firstInfo: boot?.info } });
