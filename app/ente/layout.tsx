/** Gives app/ente/not-found.tsx a boundary above each Ente's layout, so an unknown slug gets its own 404. */
export default function EntiLayout({ children }: { children: React.ReactNode }) {
  return children;
}
