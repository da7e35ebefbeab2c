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
    expect(settings.uitschrijvingUrl).toBe(
      'http://127.0.0.1:3020/RegistreerUitschrijvingDienst-02.01/soap/WebService',
    );
    expect(settings.uitschrijvingBreaker.name).toBe('rijksregister.RegistreerUitschrijving');
  });

  it('reads the deregistration endpoint and breaker from their own variables', () => {
    const settings = loadMagdaSettings(
      {
        MAGDA_UITSCHRIJVING_URL: 'https://magda.example/uitschrijving',
        UITSCHRIJVING_BREAKER_TIMEOUT_MS: '2500',
      },
      '/p',
    );
    expect(settings.uitschrijvingUrl).toBe('https://magda.example/uitschrijving');
    expect(settings.uitschrijvingBreaker.timeoutMs).toBe(2500);
    expect(settings.registreerBreaker.timeoutMs).toBe(5000);
    expect(() => loadMagdaSettings({ UITSCHRIJVING_BREAKER_TIMEOUT_MS: '0' }, '/p')).toThrow(
      /UITSCHRIJVING_BREAKER_TIMEOUT_MS/,
    );
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
