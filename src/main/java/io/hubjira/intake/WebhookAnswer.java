package io.hubjira.intake;

/** What a webhook intake answers its sender: the HTTP status and a JSON body (a problem document when it refuses). */
public record WebhookAnswer(int status, String contentType, String body) {}
