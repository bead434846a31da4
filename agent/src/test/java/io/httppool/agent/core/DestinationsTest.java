package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class DestinationsTest {
  @Test
  void theSameDestinationIsReturnedEachTime() {
    Destinations destinations = new Destinations(10);
    Destination first = destinations.get(Client.OKHTTP, "https", "example.com", 443);
    assertSame(first, destinations.get(Client.OKHTTP, "https", "example.com", 443));
    assertSame(first, destinations.get(Client.OKHTTP, "https", "EXAMPLE.com", 443));
    assertNotSame(first, destinations.get(Client.APACHE4, "https", "example.com", 443));
    assertNotSame(first, destinations.get(Client.OKHTTP, "http", "example.com", 443));
    assertNotSame(first, destinations.get(Client.OKHTTP, "https", "example.com", 8443));
  }

  @Test
  void hostsBeyondTheCapShareTheOtherHost() {
    Destinations destinations = new Destinations(2);
    destinations.get(Client.OKHTTP, "http", "a.test", 80);
    destinations.get(Client.OKHTTP, "http", "b.test", 80);
    Destination third = destinations.get(Client.OKHTTP, "http", "c.test", 80);
    Destination fourth = destinations.get(Client.OKHTTP, "http", "d.test", 80);

    assertEquals(Destination.OTHER_HOST, third.host());
    assertSame(third, fourth);
    assertEquals(Destination.OTHER_HOST, destinations.get(Client.OKHTTP, "http", "c.test", 8080).host());
    assertEquals("b.test", destinations.get(Client.OKHTTP, "http", "b.test", 8080).host(), "known hosts stay");
    assertEquals(5, destinations.all().size(), "a.test, b.test:80, b.test:8080, _other:80, _other:8080");
  }
}
