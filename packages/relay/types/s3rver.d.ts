// s3rver ships no types: what the services suite uses of it (s3rver 3.7, an S3-compatible server for tests).
declare module 's3rver' {
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory: string;
    configureBuckets?: Array<{ name: string }>;
  }
  class S3rver {
    constructor(options: S3rverOptions);
    /** Listens; resolves with the bound address (its `port` when asked for port 0). */
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
  export default S3rver;
}
