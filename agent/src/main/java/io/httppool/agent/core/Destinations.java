package io.httppool.agent.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry of destinations. Lookups of a known destination take no lock and allocate nothing: a map from
 * host name to a small copy-on-write table of (client, scheme, port). The number of distinct hosts is capped;
 * later hosts all share the {@code _other} host.
 */
public final class Destinations {
  private final int maxHosts;
  private final AtomicInteger hostCount = new AtomicInteger();
  private final ConcurrentHashMap<String, Destination[]> byHost = new ConcurrentHashMap<>();

  public Destinations(int maxHosts) {
    this.maxHosts = maxHosts;
  }

  /** The destinations of one client family. */
  public ClientDestinations of(Client client) {
    return new ClientDestinations(client, this);
  }

  public Destination get(Client client, String scheme, String host, int port) {
    String hostKey = host == null ? "" : host;
    Destination[] known = byHost.get(hostKey);
    if (known != null) {
      for (Destination destination : known) {
        if (destination.port() == port && destination.client() == client && destination.scheme().equals(scheme)) {
          return destination;
        }
      }
    }
    return register(client, scheme, hostKey, port);
  }

  private synchronized Destination register(Client client, String scheme, String host, int port) {
    Destination[] known = byHost.get(host);
    if (known != null) {
      for (Destination destination : known) {
        if (destination.port() == port && destination.client() == client && destination.scheme().equals(scheme)) {
          return destination;
        }
      }
    }
    Destination created;
    String canonicalHost = host.toLowerCase(Locale.ROOT);
    if (!canonicalHost.equals(host)) {
      created = get(client, scheme, canonicalHost, port);
    } else if (isFolded(known, host)) {
      created = get(client, scheme, Destination.OTHER_HOST, port);
    } else {
      if (known == null && !host.equals(Destination.OTHER_HOST)) {
        hostCount.incrementAndGet();
      }
      created = new Destination(client, scheme, host, port);
    }
    int size = known == null ? 0 : known.length;
    Destination[] grown = new Destination[size + 1];
    if (known != null) {
      System.arraycopy(known, 0, grown, 0, size);
    }
    grown[size] = created;
    byHost.put(host, grown);
    return created;
  }

  private boolean isFolded(Destination[] known, String host) {
    if (host.equals(Destination.OTHER_HOST)) {
      return false;
    }
    return known == null ? hostCount.get() >= maxHosts : known[0].host().equals(Destination.OTHER_HOST);
  }

  /** Every distinct destination, each once. */
  public Collection<Destination> all() {
    Set<Destination> all = Collections.newSetFromMap(new IdentityHashMap<Destination, Boolean>());
    for (Destination[] destinations : byHost.values()) {
      Collections.addAll(all, destinations);
    }
    return new ArrayList<>(all);
  }
}
