import type { ServiceDescriptor } from '@toevlucht/config';
import { amqpUrlOf, planInstance, type InstancePlanOptions } from './instance-plan';

const CATALOG: readonly ServiceDescriptor[] = [
  { name: 'registration', defaultPort: 3000, database: 'toevlucht_registration' },
  { name: 'rijksregister-adapter', defaultPort: 3010, database: null },
  { name: 'orafin-adapter', defaultPort: 3013, database: 'toevlucht_orafin_adapter' },
];

const OPTIONS: InstancePlanOptions = {
  name: 'e2e',
  portBase: 41000,
  postgresServerUrl: 'postgres://toevlucht:toevlucht@127.0.0.1:5432',
  amqpServerUrl: 'amqp://guest:guest@127.0.0.1:5672',
  baseEnv: {
    PATH: '/usr/bin',
    PORT: '1',
    DATABASE_URL: 'postgres://x/y',
    NODE_OPTIONS: '--inspect',
  },
};
const SECURITY = { OIDC_ISSUER: 'http://127.0.0.1:41090' };

function byKey(options: InstancePlanOptions = OPTIONS) {
  return new Map(planInstance(CATALOG, options, SECURITY).map((p) => [p.key, p]));
}

describe('planInstance', () => {
  it('moves every service, simulator and the issuer by the port base', () => {
    const plan = byKey();
    expect(plan.get('registration')?.port).toBe(41000);
    expect(plan.get('rijksregister-adapter')?.port).toBe(41010);
    expect(plan.get('sim-magda')?.port).toBe(41020);
    expect(plan.get('sim-davinci')?.port).toBe(41021);
    expect(plan.get('sim-orafin-sftp')?.env['ORAFIN_SIM_SFTP_PORT']).toBe('41022');
    expect(plan.get('sim-orafin-sftp')?.env['ORAFIN_SIM_ADMIN_PORT']).toBe('41023');
    expect(plan.get('registration')?.env['PORT']).toBe('41000');
  });

  it('gives each service its own database and the instance vhost, never the launcher’s', () => {
    const plan = byKey();
    const registration = plan.get('registration')!.env;
    expect(registration['DATABASE_URL']).toBe(
      'postgres://toevlucht:toevlucht@127.0.0.1:5432/e2e_toevlucht_registration',
    );
    expect(registration['AMQP_URL']).toBe('amqp://guest:guest@127.0.0.1:5672/toevlucht-e2e');
    expect(registration['NODE_OPTIONS']).toBeUndefined();
    expect(plan.get('rijksregister-adapter')!.env['DATABASE_URL']).toBeUndefined();
    expect(registration['OIDC_ISSUER']).toBe('http://127.0.0.1:41090');
  });

  it('points the adapters at the instance’s simulators', () => {
    const env = byKey().get('rijksregister-adapter')!.env;
    expect(env['MAGDA_GEEFPERSOON_URL']).toBe(
      'http://127.0.0.1:41020/GeefPersoonDienst-02.02/soap/WebService',
    );
    expect(env['MAGDA_HISTORIEK_URL']).toMatch(/^http:\/\/127\.0\.0\.1:41020\//);
    expect(env['DAVINCI_BASE_URL']).toBe('http://127.0.0.1:41021');
    expect(env['ORAFIN_SFTP_PORT']).toBe('41022');
  });

  it('runs extra replicas 100 ports up, sharing database and vhost', () => {
    const plan = byKey({ ...OPTIONS, replicas: { 'orafin-adapter': 3 } });
    expect(plan.get('orafin-adapter#1')?.port).toBe(41113);
    expect(plan.get('orafin-adapter#2')?.port).toBe(41213);
    expect(plan.get('orafin-adapter#2')?.env['DATABASE_URL']).toBe(
      plan.get('orafin-adapter')?.env['DATABASE_URL'],
    );
    expect(plan.has('orafin-adapter#3')).toBe(false);
  });

  it('applies env to every service, then serviceEnv, and simulatorEnv to its simulator; ports stay', () => {
    const plan = byKey({
      ...OPTIONS,
      env: { LOG_LEVEL: 'warn', ORAFIN_UPLOAD_INTERVAL_MS: '200', PORT: '9' },
      serviceEnv: { 'orafin-adapter': { LOG_LEVEL: 'debug' } },
      simulatorEnv: { 'orafin-sftp': { ORAFIN_SIM_BET_FILE_DELAY_MS: '50' } },
    });
    expect(plan.get('registration')?.env['LOG_LEVEL']).toBe('warn');
    expect(plan.get('orafin-adapter')?.env['LOG_LEVEL']).toBe('debug');
    expect(plan.get('orafin-adapter')?.env['ORAFIN_UPLOAD_INTERVAL_MS']).toBe('200');
    expect(plan.get('registration')?.env['PORT']).toBe('41000');
    expect(plan.get('sim-orafin-sftp')?.env['ORAFIN_SIM_BET_FILE_DELAY_MS']).toBe('50');
    expect(plan.get('sim-magda')?.env['ORAFIN_SIM_BET_FILE_DELAY_MS']).toBeUndefined();
  });

  it('refuses a name that would not make a safe vhost and database prefix', () => {
    expect(() => planInstance(CATALOG, { ...OPTIONS, name: 'E2E; drop' }, SECURITY)).toThrow(
      /instance name/,
    );
    expect(amqpUrlOf('amqp://guest:guest@127.0.0.1:5672/', 'chaos')).toBe(
      'amqp://guest:guest@127.0.0.1:5672/toevlucht-chaos',
    );
  });
});
