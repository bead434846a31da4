package io.httppool.testapps.frameworks;

import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.scalars.ScalarsConverterFactory;
import retrofit2.http.GET;
import retrofit2.http.Path;

/** Retrofit over OkHttp, a new {@code Retrofit} and a new {@code OkHttpClient} per request, never shut down. */
final class RetrofitCall implements FrameworkCall {

  interface Api {
    @GET("fw/{index}")
    Call<String> get(@Path("index") int index);
  }

  @Override
  public Outcome fetch(String base, int index) throws Exception {
    Retrofit retrofit = new Retrofit.Builder().baseUrl(base + "/").client(new OkHttpClient())
        .addConverterFactory(ScalarsConverterFactory.create()).build();
    Response<String> response = retrofit.create(Api.class).get(index).execute();
    if (response.isSuccessful()) {
      return new Outcome(response.code(), response.body());
    }
    try (ResponseBody error = response.errorBody()) {
      return new Outcome(response.code(), error == null ? null : error.string());
    }
  }
}
