package org.tokenauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who sent a request, for throttling: the direct peer ({@code getRemoteAddr()}), unless the peer is
 * a listed proxy; then {@code X-Forwarded-For}, read from the right, skipping the listed proxies,
 * and the first address that is not one is the client. Each proxy appends the address it saw, so
 * only the entries our own proxies appended can be believed; whatever lies to their left was
 * written by the client. A header from a peer that is not a listed proxy is ignored: anyone can
 * send one.
 *
 * <p>Proxies are IP addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), never
 * host names: nothing here asks DNS. An entry of the header that is not an IP address ends the
 * walk at the last proxy passed, so that garbage never becomes a key of its own.
 *
 * <p>IPv6 clients are counted by their /64 network, which one host can fill with addresses.
 *
 * <p>Immutable and thread-safe.
 */
final class TrustedProxies {

    static final String HEADER = "X-Forwarded-For";

    /** What a bad entry is told, after its value. */
    static final String EXPECTED = "which is not an IP address or CIDR block (such as 10.0.0.1, 10.0.0.0/8 or 2001:db8::/32)";

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    /** Starts as the JDK's literal parser expects (a hex digit or ':'), so that it never falls back to DNS. */
    private static final Pattern IPV6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** No proxies: the peer is the client. */
    static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * @param entries addresses and CIDR blocks
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    static TrustedProxies of(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            blocks.add(Block.parse(entry.strip()).orElseThrow(() -> new IllegalArgumentException("has '" + entry + "', " + EXPECTED)));
        }
        return new TrustedProxies(blocks);
    }

    /** Splits a {@code web.xml} list: entries separated by commas or whitespace. */
    static List<String> split(String list) {
        List<String> entries = new ArrayList<>();
        for (String entry : list.split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** @return the key a request is throttled under: its client's address (an IPv6 client's /64) */
    String clientKey(HttpServletRequest request) {
        // Not IP (a Unix socket, say): the container's name for the peer.
        return client(request).map(TrustedProxies::key).orElseGet(request::getRemoteAddr);
    }

    /** @return the request's client address, in full (for an audit log), or the container's name for a non-IP peer */
    String clientAddress(HttpServletRequest request) {
        return client(request).map(InetAddress::getHostAddress).orElseGet(request::getRemoteAddr);
    }

    private Optional<InetAddress> client(HttpServletRequest request) {
        Optional<InetAddress> peerAddress = literal(request.getRemoteAddr());
        if (peerAddress.isEmpty()) {
            return peerAddress;
        }
        InetAddress client = peerAddress.get();
        if (trusted(client)) {
            List<String> hops = new ArrayList<>();
            for (String value : Collections.list(request.getHeaders(HEADER))) {
                for (String hop : value.split(",")) {
                    hops.add(hop.strip());
                }
            }
            for (int i = hops.size() - 1; i >= 0; i--) {
                Optional<InetAddress> hop = literal(hops.get(i));
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
                if (!trusted(client)) {
                    break;
                }
            }
        }
        return Optional.of(client);
    }

    private boolean trusted(InetAddress address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] network = address.getAddress();
            for (int i = 8; i < network.length; i++) {
                network[i] = 0;
            }
            return literal(network).getHostAddress() + "/64";
        }
        return address.getHostAddress();
    }

    /** @return the address written as an IP literal (IPv4, or IPv6 in brackets or not, without zone), never via DNS */
    static Optional<InetAddress> literal(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = IPV4.matcher(s).matches();
        if (!ipv4 && !IPV6.matcher(s).matches() || ipv4 && !octets(s)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: parsed, no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A dotted quad with an octet over 255 would be taken for a host name, and looked up. */
    private static boolean octets(String dotted) {
        for (String octet : dotted.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress literal(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an address
        }
    }

    @Override
    public String toString() {
        return "TrustedProxies" + blocks;
    }

    /** An address and how many of its leading bits must match. */
    private record Block(byte[] network, int bits, String text) {

        static Optional<Block> parse(String text) {
            int slash = text.indexOf('/');
            Optional<InetAddress> address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address.isEmpty()) {
                return Optional.empty();
            }
            byte[] network = address.get().getAddress();
            int bits = network.length * 8;
            if (slash >= 0) {
                String prefix = text.substring(slash + 1);
                if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits) {
                    return Optional.empty();
                }
                bits = Integer.parseInt(prefix);
            }
            return Optional.of(new Block(network, bits, text));
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (candidate[whole] & mask) == (network[whole] & mask);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Block block && block.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
