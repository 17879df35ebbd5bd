package dev.cairn.node.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** URL lists and the initial-cluster map, with etcd's rules: scheme http/https/unix/unixs, host:port, no path. */
final class UrlParser {

    private static final Set<String> SCHEMES = Set.of("http", "https", "unix", "unixs");

    private UrlParser() {
    }

    /** A comma-separated list of URLs; blanks around commas are trimmed and repeats dropped, as etcd does. */
    static List<URI> urls(RawSetting setting) {
        Set<URI> urls = new LinkedHashSet<>();
        for (String part : setting.value().split(",", -1)) {
            urls.add(url(setting, part.trim()));
        }
        return List.copyOf(urls);
    }

    /** Like {@link #urls}, additionally requiring an IP address or "localhost" as host, as a bind address. */
    static List<URI> bindUrls(RawSetting setting) {
        List<URI> urls = urls(setting);
        for (URI url : urls) {
            if (isUnixSocket(url) || url.getHost().equals("localhost")) {
                continue;
            }
            if (!isIpLiteral(url.getHost())) {
                throw invalid(setting, "expected an IP address or localhost to bind to in " + url);
            }
        }
        return urls;
    }

    /**
     * {@code name=url,name=url,...}; a name given several times collects several peer URLs for that member, as in
     * etcd. The order of first appearance is kept.
     */
    static Map<String, List<URI>> initialCluster(RawSetting setting) {
        Map<String, List<URI>> members = new LinkedHashMap<>();
        Map<URI, String> ownerOfUrl = new LinkedHashMap<>();
        for (String part : setting.value().split(",", -1)) {
            String entry = part.trim();
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw invalid(setting, "\"" + entry + "\" is not of the form name=peer-url");
            }
            String name = entry.substring(0, equals).trim();
            URI url = url(setting, entry.substring(equals + 1).trim());
            String owner = ownerOfUrl.putIfAbsent(url, name);
            if (owner != null) {
                throw invalid(setting, owner.equals(name)
                        ? "duplicate entry " + name + "=" + url
                        : "peer URL " + url + " is given to both " + owner + " and " + name);
            }
            members.computeIfAbsent(name, ignored -> new ArrayList<>()).add(url);
        }
        Map<String, List<URI>> frozen = new LinkedHashMap<>();
        members.forEach((name, urls) -> frozen.put(name, List.copyOf(urls)));
        return Collections.unmodifiableMap(frozen);
    }

    private static URI url(RawSetting setting, String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(setting, "\"" + text + "\" is not a URL");
        }
        if (url.getScheme() == null || !SCHEMES.contains(url.getScheme())) {
            throw invalid(setting, "URL scheme must be http, https, unix, or unixs: " + text);
        }
        if (url.getHost() == null && url.getRawAuthority() != null && url.getRawAuthority().matches(".+:[0-9]+")) {
            // java.net.URI leaves the host null when it is neither a valid name nor a valid IP, e.g. 300.1.1.1.
            throw invalid(setting, "invalid host in " + text);
        }
        if (url.getHost() == null || url.getPort() < 0) {
            throw invalid(setting, "URL address does not have the form \"host:port\": " + text);
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw invalid(setting, "URL must not contain a path: " + text);
        }
        return url;
    }

    private static boolean isUnixSocket(URI url) {
        return url.getScheme().startsWith("unix");
    }

    /** IPv6 literals come bracketed from URI; IPv4 is parsed by hand so that no name lookup can happen. */
    private static boolean isIpLiteral(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    static ConfigException invalid(RawSetting setting, String reason) {
        return new ConfigException("invalid value \"" + setting.value() + "\" for " + setting.origin() + ": "
                + reason);
    }
}
