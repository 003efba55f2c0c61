# Varnish in front of Difang (Debian's varnish 7 with varnish-modules for xkey). It caches what the server
# says may be kept (s-maxage; stale-while-revalidate while the backend is healthy, stale-if-error while
# it is not) and drops what a write changed when the server sends
#     PURGE / with  Surrogate-Key: a:1001 c:ziyang-news lists
# (difang-server --purge-url http://VARNISH/), through the xkey index of each answer's Surrogate-Key.
#
# Pages are drawn in the reader's language, the only thing that differs between readers: the server
# answers `Vary: accept-encoding, cookie`, and this file keeps, of the Cookie header, the language
# cookie alone (none for the default, Chinese), so a page has at most two variants and no other cookie
# makes it uncacheable.
#
# The backend is nginx balancing the instances (deploy/nginx/difang.conf) on 127.0.0.1:8080.
vcl 4.1;

import std;
import xkey;

backend nginx {
    .host = "127.0.0.1";
    .port = "8080";
    .probe = {
        .url = "/healthz";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the Difang instances.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.Surrogate-Key) {
            return (synth(400, "Surrogate-Key required"));
        }
        set req.http.X-Purged = xkey.purge(req.http.Surrogate-Key);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/healthz" || req.url ~ "^/api/v1/admin/") {
        return (pass);
    }
    # Live updates' event streams are never cached: passed, and streamed to the reader as they come
    # (see vcl_backend_response). A stream writes a comment line every 15 s, well within the backend's
    # between-bytes timeout.
    if (req.url ~ "^/api/v1/articles/[0-9]+/live/stream") {
        return (pass);
    }
    # The language cookie alone, and not even that for the default language.
    if (req.http.Cookie ~ "(^|;\s*)difang\.lang=en") {
        set req.http.Cookie = "difang.lang=en";
    } else {
        unset req.http.Cookie;
    }
    # Stale answers: for a minute while a fresh one is fetched behind them, and for as long as the
    # server allowed (stale-if-error) while the backend is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    # A live feed (the poll) is kept two seconds; a copy older than that is not worth answering with.
    if (req.url ~ "^/api/v1/articles/[0-9]+/live(\?|$)") {
        set req.grace = 2s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Content-Type ~ "^text/event-stream") {
        set beresp.do_stream = true;
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # xkey files the object under each space-separated key of this header.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 60s);
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
}
