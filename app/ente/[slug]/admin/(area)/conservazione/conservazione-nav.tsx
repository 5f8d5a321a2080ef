import { AreaTabs } from '@/app/_components/area-tabs';

const TABS = [
  { href: '/admin/conservazione', label: 'Stato e ricevute' },
  { href: '/admin/conservazione/esportazioni', label: 'Pacchetti giornalieri' },
];
const SETTINGS = { href: '/admin/conservazione/impostazioni', label: 'Impostazioni' };

/** The views of the conservazione section; the settings only for the admin, who alone may change them. */
export function ConservazioneNav({ current, admin }: { current: string; admin: boolean }) {
  return <AreaTabs label="Sezioni della conservazione" tabs={admin ? [...TABS, SETTINGS] : TABS} current={current} />;
}
