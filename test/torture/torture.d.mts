export function torture(opts: {
  kills?: number;
  baseURL: string;
  seed?: number;
  sizeMiB?: number;
  log?: (line: string) => void;
}): Promise<{ report: Record<string, unknown>[]; failures: string[] }>;
