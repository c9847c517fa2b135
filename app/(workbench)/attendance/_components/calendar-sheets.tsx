"use client";
// The month calendar's only script: a tap on a day ([data-opens]) opens that day's server-rendered <dialog> as a
// modal sheet, and a tap on the backdrop closes it. Everything else (the close button, Esc, the back gesture) is the
// browser's own <dialog> behaviour.
export function CalendarSheets({ children }: { children: React.ReactNode }) {
  return (
    <div
      onClick={(e) => {
        const target = e.target as HTMLElement;
        if (target instanceof HTMLDialogElement) return target.close(); // the backdrop (the dialog itself, not its content)
        const id = target.closest("[data-opens]")?.getAttribute("data-opens");
        const dialog = id ? document.getElementById(id) : null;
        if (dialog instanceof HTMLDialogElement && !dialog.open) dialog.showModal();
      }}
    >
      {children}
    </div>
  );
}
