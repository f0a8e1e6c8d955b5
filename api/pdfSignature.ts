/**
 * The 审批单's digital signature: a detached CMS signature over the whole PDF (ETSI.CAdES.detached,
 * as PAdES asks), made with the operator's certificate (SIGNING_P12 and SIGNING_PASSPHRASE), so any
 * PDF reader shows whether the sheet was changed since it was printed. In demo mode, and in the
 * tests, a demo certificate is made at first use (it proves integrity, not identity).
 */
import { generateKeyPairSync } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';

/** The certificate and key a sheet is signed with (a PKCS#12 file). */
export interface PdfSigner {
  p12: Buffer;
  passphrase: string;
  /** Who signs, as the signature panel names them. */
  name: string;
}

/** Signs a PDF of pdfkit's making: the signature covers every byte but its own. */
export async function signPdf(pdf: Buffer, signer: PdfSigner, reason: string): Promise<Buffer> {
  const prepared = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason,
    contactInfo: '',
    name: signer.name,
    location: 'Guangdong',
    signatureLength: 8192,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  return Buffer.from(await new SignPdf().sign(prepared, new P12Signer(signer.p12, { passphrase: signer.passphrase })));
}

let demo: PdfSigner | undefined;
/** A self-signed demo certificate, made once per process (the key from Node's crypto, the certificate by forge). */
export function demoSigner(): PdfSigner {
  if (demo) return demo;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKey = forge.pki.privateKeyFromPem(pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${Date.now().toString(16)}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: 'Kejin demo signing certificate' },
    { name: 'organizationName', value: 'Kejin (demo)' },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(privateKey, [cert], 'demo', { algorithm: '3des' });
  demo = { p12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), passphrase: 'demo', name: '科金（演示证书）' };
  return demo;
}
