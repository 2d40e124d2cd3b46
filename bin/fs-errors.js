// Short, user-facing reasons for failed file operations, shared by every subcommand.
const READ_ERRORS = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** The short reason for a failed file operation (ENOENT → 'no such file'). */
export function fsReason(error) {
  return READ_ERRORS[error?.code] ?? error?.message ?? String(error);
}
