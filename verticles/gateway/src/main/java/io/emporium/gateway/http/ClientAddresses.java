package io.emporium.gateway.http;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client address of each request, for everything that keys or records by client (rate limits,
 * the monitoring audit, the call context on the bus): the peer's address, unless the peer is one of
 * the trusted reverse proxies ({@code http.trusted-proxies}). Then {@code X-Forwarded-For} is read from
 * the right, past every trusted proxy, and the first address that is not one is the client. A client
 * cannot pose as another by sending the header itself: what it wrote stays on the left of the
 * address its proxy appended, and a peer that is not trusted is never asked.
 */
public final class ClientAddresses implements Handler<RoutingContext>, Step {
  public static final String FORWARDED_FOR = "X-Forwarded-For";
  private static final String KEY = "emporium.clientAddress";
  /** Hops followed at most; a real chain of proxies is a handful long. */
  private static final int MAX_HOPS = 16;

  private final List<IpSubnetFilterRule> trusted;

  /** @param trustedProxies IP addresses or CIDR ranges (validated by the configuration) */
  public ClientAddresses(List<String> trustedProxies) {
    this.trusted = trustedProxies.stream().map(ClientAddresses::rule).toList();
  }

  private static IpSubnetFilterRule rule(String range) {
    String[] parts = range.split("/");
    InetAddress address = NetUtil.createInetAddressFromIpAddressString(parts[0]);
    int bits = address.getAddress().length * 8;
    return new IpSubnetFilterRule(address, parts.length == 2 ? Integer.parseInt(parts[1]) : bits, IpFilterRuleType.ACCEPT);
  }

  @Override
  public boolean apply(RoutingContext ctx) {
    // With no trusted proxy the peer is the client, which of() answers: nothing to read per request.
    if (!trusted.isEmpty()) {
      ctx.put(KEY, clientOf(ctx.request()));
    }
    return true;
  }

  /** The client of a request that has no routing context (the cache lane). */
  public String clientOf(io.vertx.core.http.HttpServerRequest request) {
    String peer = peer(request);
    return trusted.isEmpty() ? peer : resolve(peer, request.headers().getAll(FORWARDED_FOR));
  }
  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) {
      ctx.next();
    }
  }


  /** The client's address, or null when the connection has none (a test's in-memory request). */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    return address != null ? address : peer(ctx);
  }

  private static String peer(RoutingContext ctx) {
    return peer(ctx.request());
  }

  private static String peer(io.vertx.core.http.HttpServerRequest request) {
    // The connection's own address: vertx-web's request wrapper answers remoteAddress() through its
    // forwarded-headers parser (which the router does not use; this class reads X-Forwarded-For itself
    // for trusted proxies), 1 % of the cached GET's event-loop CPU for the same answer.
    io.vertx.core.http.HttpConnection connection = request.connection();
    SocketAddress remote = connection != null ? connection.remoteAddress() : request.remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  /** The client behind {@code peer}, given the X-Forwarded-For headers it sent (in order). */
  String resolve(String peer, List<String> forwardedFor) {
    if (trusted.isEmpty() || peer == null || forwardedFor.isEmpty() || !isTrusted(NetUtil.createInetAddressFromIpAddressString(peer))) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
      InetAddress hop = NetUtil.createInetAddressFromIpAddressString(hops.get(i));
      if (hop == null) {
        return client; // not an address: the chain cannot be followed past it, the last proxy's view stands
      }
      client = hop.getHostAddress();
      if (!isTrusted(hop)) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    if (address == null) {
      return false;
    }
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    for (IpSubnetFilterRule rule : trusted) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }
}
