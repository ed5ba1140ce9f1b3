/** Types for the parts of agora-token's token parser the Agora tests read (the package declares none for it). */
declare module "agora-token/src/AccessToken2" {
  interface ParsedService {
    service_type(): number;
    /** Bytes once parsed. */
    __channel_name: Buffer;
    __uid: Buffer;
    __privileges: Record<string, number>;
  }
  export class AccessToken2 {
    /** Bytes once parsed. */
    appId: Buffer;
    issueTs: number;
    expire: number;
    services: ParsedService[];
    from_string(token: string): boolean;
    verifySignature(appCertificate: string): boolean;
  }
  export const kRtcServiceType: number;
}
