import { mount } from "svelte";
import App from "./App.svelte";
import { tauriApi } from "./api";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

// Ask for the catalogs before the UI mounts: the sidebar is what makes the window useful.
const firstCatalogs = tauriApi.listCatalogs();

export default mount(App, { target, props: { api: tauriApi, firstCatalogs } });
