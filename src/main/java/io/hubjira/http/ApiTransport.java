package io.hubjira.http;

import java.io.IOException;

/** Sends one HTTP request and returns whatever the server answered (any status); throws only when no answer arrived. */
public interface ApiTransport {

    ApiResponse send(ApiRequest request) throws IOException;
}
