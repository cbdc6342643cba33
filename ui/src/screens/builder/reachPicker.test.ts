import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { fakeApi } from "../../api";
import type { NarrowArea } from "../../api";
import ReachPicker from "./ReachPicker.svelte";

const zones: NarrowArea = { id: "zones", label: "zones", every: "every zone", except: "every other zone" } as NarrowArea;
const base = { api: fakeApi({}), area: zones, kind: "account-token", connectionId: "", warnings: [] as string[] };

describe("the reach picker without a connection", () => {
  it("shows names set from outside (a loaded spec) in place of the typed ones", async () => {
    const onchange = vi.fn();
    const { rerender } = render(ReachPicker, { props: { ...base, chosen: ["a.example"], problems: [], onchange } });
    const typed = screen.getByTestId("reach-zones-typed") as HTMLTextAreaElement;
    expect(typed.value).toBe("a.example");
    await rerender({ ...base, chosen: ["b.example", "c.example"], problems: [], onchange });
    expect(typed.value).toBe("b.example\nc.example");
    await rerender({ ...base, chosen: null, problems: [], onchange });
    expect(screen.queryByTestId("reach-zones-typed")).toBeNull();
    expect((screen.getByTestId("reach-zones-every") as HTMLInputElement).checked).toBe(true);
  });

  it("offers all-but only where the area can, and ties its problems to the choice", async () => {
    const onchange = vi.fn();
    render(ReachPicker, { props: { ...base, chosen: [], except: true, problems: ["Choose at least one of the zones to leave out."], onchange } });
    expect((screen.getByTestId("reach-zones-except") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId("reach-zones-some") as HTMLInputElement).checked).toBe(false);
    const set = screen.getByTestId("reach-zones");
    const notes = document.getElementById(set.getAttribute("aria-describedby") ?? "");
    expect(notes?.textContent).toContain("to leave out");
    expect(screen.getByTestId("reach-zones-typed").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText(/zones to leave out, by name/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId("reach-zones-some"));
    expect(onchange).toHaveBeenCalled();
    expect((screen.getByTestId("reach-zones-some") as HTMLInputElement).checked).toBe(true);
  });

  it("has no all-but choice for an area that cannot leave items out", () => {
    render(ReachPicker, { props: { ...base, area: { ...zones, except: null }, chosen: null, problems: [], onchange: vi.fn() } });
    expect(screen.queryByTestId("reach-zones-except")).toBeNull();
  });
});
