package dev.cairn.node.config;

/**
 * A setting's value as the user wrote it, before typing and validation.
 *
 * @param name   etcd's flag name without dashes, e.g. {@code data-dir}
 * @param origin how the user gave it, for error messages: {@code --data-dir}, {@code ETCD_DATA_DIR} or
 *               {@code data-dir in /etc/etcd/etcd.conf.yml}
 */
record RawSetting(String name, String value, String origin) {
}
