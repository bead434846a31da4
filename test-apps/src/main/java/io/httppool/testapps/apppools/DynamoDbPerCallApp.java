package io.httppool.testapps.apppools;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The most common AWS SDK mistake: a {@code DynamoDbClient} built for every call and closed after it. Its HTTP
 * client ({@code http=apache}: the Apache 4 {@code apache-client} module, {@code http=apache5}: the Apache 5 one)
 * builds its own connection pool inside every client. Each call reads item {@code item-<index>} from the
 * endpoint {@code endpoint} (see {@link DynamoDbRoutes}); the app prints the digest of every item read and what
 * the SDK's own HTTP metrics, read from that pool's statistics, reported (see {@link SdkHttpMetrics}).
 */
public final class DynamoDbPerCallApp {
  private DynamoDbPerCallApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URI endpoint = URI.create(args.require("endpoint"));
    String http = args.require("http");
    int calls = args.getInt("calls", 2000);
    int threads = args.getInt("threads", 8);
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDACCEPT13EXAMPLE", "not-a-real-secret"));
    SdkHttpMetrics metrics = new SdkHttpMetrics();
    Workload.Digest digest = new Workload.Digest(calls);
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < calls; i++) {
      int index = i;
      workers.execute(() -> {
        try (DynamoDbClient client = DynamoDbClient.builder()
            .httpClientBuilder(httpClient(http))
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .overrideConfiguration(config -> config.addMetricPublisher(metrics))
            .build()) {
          GetItemResponse response = client.getItem(get -> get.tableName(DynamoDbRoutes.TABLE)
              .key(Map.of("id", AttributeValue.fromS(DynamoDbRoutes.key(index)))));
          Map<String, AttributeValue> item = response.item();
          digest.record(index, response.sdkHttpResponse().statusCode(),
              DynamoDbRoutes.item(item.get("id").s(), item.get("payload").s()));
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls did not finish");
    }
    AppReport.result("calls", calls);
    AppReport.result("digest", digest.hex());
    metrics.print();
    report.finish();
    System.exit(0);
  }

  /** Each module in a method of its own: a run has only one of them on its class path. */
  private static SdkHttpClient.Builder<?> httpClient(String http) {
    return switch (http) {
      case "apache" -> apache4();
      case "apache5" -> apache5();
      default -> throw new IllegalArgumentException("http=apache or http=apache5, not " + http);
    };
  }

  private static SdkHttpClient.Builder<?> apache4() {
    return ApacheHttpClient.builder();
  }

  private static SdkHttpClient.Builder<?> apache5() {
    return Apache5HttpClient.builder();
  }
}
