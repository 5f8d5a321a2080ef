/** Shown on every page while the sandbox partner is on, so nobody mistakes a trial portal for the real one. */
export function SandboxBanner() {
  return (
    <div role="note" aria-label="Ambiente di prova" className="border-b-4 border-[#17324d] bg-[#ffb400] text-[#17324d]">
      <p className="container-page py-2 text-center font-semibold">
        <span className="uppercase">Ambiente di prova</span>: i pagamenti sono simulati e non muovono denaro. Non inserire dati personali
        reali.
      </p>
    </div>
  );
}
