/** Why a file cannot be read, in words, from the error Node.js gave. */
const UNREADABLE: Record<string, string> = {
  ENOENT: "there is no such file",
  EISDIR: "it is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a part of its path is not a directory",
};

export function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && UNREADABLE[code]) ?? code ?? (e as Error).message;
}
