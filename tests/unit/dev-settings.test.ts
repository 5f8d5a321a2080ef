import { DevSettingsError, devSettings, portBusyMessage } from '@/lib/dev/dev-settings';

describe('npm run dev settings', () => {
  it('follows the port given in any form, or PORT, or 3000', () => {
    expect(devSettings(['-p', '3700'], {}).env.PORTAL_BASE_DOMAIN).toBe('localhost:3700');
    expect(devSettings(['--port', '3701'], {}).port).toBe(3701);
    expect(devSettings(['--port=3702', '--turbopack'], {})).toMatchObject({ port: 3702, nextArgs: ['--turbopack'] });
    expect(devSettings([], { PORT: '4100' }).env.PORTAL_BASE_DOMAIN).toBe('localhost:4100');
    expect(devSettings([], {}).env.PORTAL_BASE_DOMAIN).toBe('localhost:3000');
  });

  it('loads the demo province unless told otherwise, and respects an explicit base domain', () => {
    expect(devSettings([], {}).env.SEED_DEMO_DATA).toBe('true');
    expect(devSettings([], { SEED_DEMO_DATA: 'false' }).env.SEED_DEMO_DATA).toBeUndefined();
    const explicit = devSettings(['-p', '3700'], { PORTAL_BASE_DOMAIN: 'pagamenti.test:8443' });
    expect(explicit.env.PORTAL_BASE_DOMAIN).toBeUndefined();
    expect(explicit.warnings).toEqual([]);
    expect(devSettings(['-p', '3700'], { PORTAL_BASE_DOMAIN: 'localhost:3000' }).warnings).toEqual([
      'PORTAL_BASE_DOMAIN=localhost:3000 non corrisponde alla porta 3700: i link assoluti puntano lì',
    ]);
  });

  it('refuses nonsense ports', () => {
    for (const args of [['-p'], ['-p', 'abc'], ['--port=0'], ['-p', '70000'], ['-p', '3.5']]) {
      expect(() => devSettings(args, {})).toThrow(DevSettingsError);
    }
    expect(() => devSettings([], { PORT: 'x' })).toThrow('PORT: porta non valida (x)');
  });

  it('explains a busy port with what to do', () => {
    expect(portBusyMessage(3000)).toContain('npm run dev -- -p 3700');
    expect(portBusyMessage(3700)).toContain('lsof -i :3700');
  });
});
