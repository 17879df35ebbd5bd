package dev.cairn.node.config;

/** How the value of an etcd setting is written; decides how the command line consumes it. */
enum SettingType {
    STRING,
    /** Go flag boolean: {@code --flag} alone means true, a value must be attached with '='. */
    BOOL,
    UNSIGNED,
    INTEGER,
    DURATION,
    URLS,
    LIST
}
