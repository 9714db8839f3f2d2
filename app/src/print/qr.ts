import QRCode from 'qrcode';
import { slipQrText } from '../../../electron/rules/slip-code';

/** The slip's QR code as an SVG data URL (the CSP allows data: images): the registration number and its check only. */
export async function slipQrDataUrl(registrationNumber: string): Promise<string> {
  const svg = await QRCode.toString(slipQrText(registrationNumber), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
