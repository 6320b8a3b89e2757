/** Whether a file is read as a profile (YAML or JSON) rather than as a vsftpd.conf: by its name. */
export const isProfilePath = (file: string) => /\.(ya?ml|json)$/i.test(file);
