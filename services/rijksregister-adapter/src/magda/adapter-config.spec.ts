import { ConfigError } from '@toevlucht/config';
import { loadMagdaSettings } from './adapter-config';

describe('loadMagdaSettings', () => {
  it('points at the local simulator by default', () => {
    const settings = loadMagdaSettings({}, '/project');
    expect(settings.geefPersoonUrl).toBe(
      'http://127.0.0.1:3020/GeefPersoonDienst-02.02/soap/WebService',
    );
    expect(settings.geefPersoonWsdl).toBe('/project/contracts/wsdl/GeefPersoonDienst-02.02.wsdl');
    expect(settings.breaker.name).toBe('rijksregister.GeefPersoon');
    expect(settings.registreerBreaker.name).toBe('rijksregister.RegistreerInschrijving');
  });

  it('names a bad variable without repeating its value', () => {
    expect(() => loadMagdaSettings({ MAGDA_GEEFPERSOON_URL: 'not a url' }, '/p')).toThrow(
      ConfigError,
    );
    let message = '';
    try {
      loadMagdaSettings(
        { MAGDA_GEEFPERSOON_URL: 'not a url', GEEFPERSOON_BREAKER_TIMEOUT_MS: '0' },
        '/p',
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MAGDA_GEEFPERSOON_URL');
    expect(message).toContain('GEEFPERSOON_BREAKER_TIMEOUT_MS');
    expect(message).not.toContain('not a url');
  });
});
