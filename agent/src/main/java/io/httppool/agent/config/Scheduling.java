package io.httppool.agent.config;

/** Which idle connection a pool hands out first. */
public enum Scheduling {
  /** The most recently used one: few connections stay warm and the surplus idles out. */
  LIFO,
  /** The least recently used one: requests spread over every idle connection. */
  FIFO
}
