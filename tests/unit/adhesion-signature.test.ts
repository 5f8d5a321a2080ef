import { p7mDer, padesSignature, readSignedData } from '@/lib/onboarding/signature';
import { cadesP7m, makeSigner, padesPdf, plainPdf } from '../support/signed-documents';

const validity = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2028-02-29T23:59:59Z') };

describe('reading the signer of a signed document', () => {
  const mario = makeSigner({ CN: 'Mario Rossi' }, validity);

  it("reads a CAdES .p7m's signer and certificate validity", () => {
    const der = p7mDer(cadesP7m(mario));
    expect(der).not.toBeNull();
    expect(readSignedData(der!)).toEqual({ name: 'Mario Rossi', validFrom: validity.from, validTo: new Date('2028-02-29T23:59:59Z') });
  });

  it('reads a PEM-armoured .p7m', () => {
    const pem = Buffer.from(`-----BEGIN PKCS7-----\n${cadesP7m(mario).toString('base64')}\n-----END PKCS7-----\n`);
    expect(readSignedData(p7mDer(pem)!)?.name).toBe('Mario Rossi');
  });

  it('names the signer by given name and surname when the certificate has no CN', () => {
    const anna = makeSigner({ GN: 'Anna', SN: 'Bianchi' });
    expect(readSignedData(p7mDer(cadesP7m(anna))!)?.name).toBe('Anna Bianchi');
  });

  it("extracts a PAdES PDF's PKCS#7 from its signature dictionary, padding and all", () => {
    const signature = padesSignature(padesPdf(mario));
    expect(signature).not.toBeNull();
    expect(readSignedData(signature!)).toMatchObject({ name: 'Mario Rossi', validFrom: validity.from });
  });

  it('finds no signature in a plain PDF, and refuses what is not a SignedData', () => {
    expect(padesSignature(plainPdf())).toBeNull();
    expect(p7mDer(plainPdf())).toBeNull();
    expect(readSignedData(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeNull();
    expect(readSignedData(Buffer.from('spazzatura'))).toBeNull();
  });
});
