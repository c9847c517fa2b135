// Any console URL no page answers: 404 inside the console frame (app/console/not-found.tsx), not the bare root page.
import { notFound } from "next/navigation";

export default function ConsoleMissing(): never {
  notFound();
}
