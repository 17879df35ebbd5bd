package dev.cairn.standin.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** A parsed kube command line: verb, positional words, and the flags kubectl spells the same way. */
record KubeCommand(String verb, List<String> words, String namespace, boolean yaml, Path file, OptionalInt replicas,
        Path kubeconfig) {

    static final String USAGE = """
            usage: kube [--kubeconfig FILE] COMMAND
              apply -f FILE                                      create or replace the objects in FILE
              get etcdclusters|pods|pvc|statefulsets[,...] [NAME] [-n NS] [-o yaml]
              delete etcdcluster NAME [-n NS]
              scale etcdcluster NAME --replicas=N [-n NS]
            The kubeconfig is --kubeconfig, else $KUBECONFIG.""";

    static KubeCommand parse(String[] args, String kubeconfigEnv) {
        List<String> words = new ArrayList<>();
        String namespace = "default";
        boolean yaml = false;
        Path file = null;
        OptionalInt replicas = OptionalInt.empty();
        Path kubeconfig = kubeconfigEnv == null || kubeconfigEnv.isBlank() ? null : Path.of(kubeconfigEnv);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--replicas=")) {
                replicas = OptionalInt.of(number(arg.substring("--replicas=".length())));
                continue;
            }
            switch (arg) {
                case "-n", "--namespace" -> namespace = value(args, ++i, arg);
                case "-f", "--filename" -> file = Path.of(value(args, ++i, arg));
                case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, arg));
                case "--replicas" -> replicas = OptionalInt.of(number(value(args, ++i, arg)));
                case "-o", "--output" -> {
                    String format = value(args, ++i, arg);
                    if (!format.equals("yaml")) {
                        throw new IllegalArgumentException("-o supports yaml only, got " + format);
                    }
                    yaml = true;
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown flag " + arg + "\n" + USAGE);
                    }
                    words.add(arg);
                }
            }
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        if (kubeconfig == null) {
            throw new IllegalArgumentException("no kubeconfig: pass --kubeconfig or set KUBECONFIG (the stand-in "
                    + "writes <work-dir>/kubeconfig)");
        }
        return new KubeCommand(words.getFirst(), List.copyOf(words.subList(1, words.size())), namespace, yaml, file,
                replicas, kubeconfig);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static int number(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new IllegalArgumentException("--replicas must not be negative, got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--replicas takes a number, got " + text);
        }
    }
}
