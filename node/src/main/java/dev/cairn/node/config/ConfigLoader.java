package dev.cairn.node.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a member's configuration the way etcd does: flags on the command line, {@code ETCD_*} environment
 * variables under them, or, when {@code --config-file} / {@code ETCD_CONFIG_FILE} names a YAML file, that file
 * alone (flags and variables are then ignored, as etcd documents).
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * @throws ConfigException for unknown flags, malformed syntax and invalid values; its message is the one line
     *                         to print before exiting with a non-zero status
     */
    public static ParsedCommandLine load(List<String> args, Map<String, String> env) {
        CommandLine commandLine = CommandLineParser.parse(args);
        if (commandLine.helpRequested()) {
            return ParsedCommandLine.help();
        }
        List<String> warnings = new ArrayList<>();
        commandLine.ignoredFlags().forEach(flag -> warnings.add("flag " + flag + " is no longer supported; ignored"));
        RawSetting version = commandLine.settings().get(EtcdSettings.VERSION);
        if (version != null && GoValues.parseBoolean(version.value()).orElseThrow()) {
            return ParsedCommandLine.version(warnings);
        }

        Path configFile = configFile(commandLine, env);
        Map<String, RawSetting> settings;
        if (configFile != null) {
            if (othersGiven(commandLine, env)) {
                warnings.add("loading configuration from " + configFile
                        + "; other command-line flags and environment variables are ignored");
            }
            settings = YamlConfigReader.read(configFile, warnings);
        } else {
            settings = EnvironmentReader.mergeUnder(commandLine, env, warnings);
        }
        settings.remove(EtcdSettings.VERSION);
        settings.remove(EtcdSettings.CONFIG_FILE);

        NodeConfigAssembler assembler = new NodeConfigAssembler(settings, configFile == null, warnings);
        NodeConfig config = assembler.assemble(configFile);
        return new ParsedCommandLine(ParsedCommandLine.Action.RUN, config, assembler.unsupportedSettingsUsed(),
                warnings);
    }

    /** The text {@code cairn --help} prints. */
    public static String helpText() {
        return HelpText.TEXT;
    }

    /** Whether a flag or ETCD_ variable other than the config file itself was given, and is thus ignored. */
    private static boolean othersGiven(CommandLine commandLine, Map<String, String> env) {
        boolean otherFlag = commandLine.settings().keySet().stream()
                .anyMatch(name -> !name.equals(EtcdSettings.CONFIG_FILE));
        boolean otherVariable = env.entrySet().stream()
                .anyMatch(variable -> variable.getKey().startsWith("ETCD_")
                        && !variable.getKey().equals("ETCD_CONFIG_FILE")
                        && variable.getValue() != null && !variable.getValue().isEmpty());
        return otherFlag || otherVariable;
    }

    private static Path configFile(CommandLine commandLine, Map<String, String> env) {
        RawSetting flag = commandLine.settings().get(EtcdSettings.CONFIG_FILE);
        String value = flag != null ? flag.value() : env.getOrDefault("ETCD_CONFIG_FILE", "");
        return value.isBlank() ? null : Path.of(value.trim());
    }
}
