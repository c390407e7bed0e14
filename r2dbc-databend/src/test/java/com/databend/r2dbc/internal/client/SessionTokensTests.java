package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** When {@link SessionTokens} refreshes, and that concurrent refreshes are one. */
class SessionTokensTests {

    private static final Authorization BASIC = new Authorization("Basic cm9vdDo=", false);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static TokenPair pair(String name, Duration ttl, long receivedAt) {
        return new TokenPair("bend-v1-s-" + name, "bend-v1-r-" + name, ttl, receivedAt);
    }

    @Test
    void withoutTokensTheConfiguredCredentialsAreUsed() {
        SessionTokens tokens = SessionTokens.of(Credentials.fixed(BASIC));
        assertThat(tokens.authorization(true).block(TIMEOUT)).isEqualTo(BASIC);
        assertThat(tokens.renew(BASIC, 5101).block(TIMEOUT)).isFalse();
        assertThat(tokens.active()).isFalse();
    }

    @Test
    void aFreshTokenIsUsedAsItIsAndRefreshedWhenAQuarterOfItsLifeIsLeft() {
        SessionTokens tokens = SessionTokens.of(Credentials.fixed(BASIC));
        AtomicInteger refreshes = new AtomicInteger();
        long now = System.nanoTime();
        tokens.start(pair("a", Duration.ofSeconds(100), now - Duration.ofSeconds(70).toNanos()), stale -> {
            refreshes.incrementAndGet();
            return Mono.just(pair("b", Duration.ofSeconds(100), System.nanoTime()));
        });

        assertThat(tokens.authorization(true).block(TIMEOUT).header()).isEqualTo("Bearer bend-v1-s-a");
        // a body that cannot be sent twice wants half of the life left
        assertThat(tokens.authorization(false).block(TIMEOUT).header()).isEqualTo("Bearer bend-v1-s-b");
        assertThat(refreshes).hasValue(1);
        assertThat(tokens.authorization(true).block(TIMEOUT).header()).isEqualTo("Bearer bend-v1-s-b");
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void onlyExpiredOrUnknownSessionTokensAreRefreshedAfterA401() {
        SessionTokens tokens = SessionTokens.of(Credentials.fixed(BASIC));
        AtomicInteger refreshes = new AtomicInteger();
        tokens.start(pair("a", Duration.ofHours(1), System.nanoTime()), stale -> {
            int n = refreshes.incrementAndGet();
            return Mono.just(pair("n" + n, Duration.ofHours(1), System.nanoTime()));
        });
        Authorization used = tokens.authorization(true).block(TIMEOUT);

        assertThat(tokens.renew(used, 5100).block(TIMEOUT)).isFalse();
        assertThat(refreshes).hasValue(0);
        assertThat(tokens.renew(used, 5101).block(TIMEOUT)).isTrue();
        assertThat(tokens.authorization(true).block(TIMEOUT).header()).isEqualTo("Bearer bend-v1-s-n1");
        // a request refused with the token already replaced is sent again without another refresh
        assertThat(tokens.renew(used, 5103).block(TIMEOUT)).isTrue();
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void refreshesNeededAtTheSameTimeAreOneRequest() {
        SessionTokens tokens = SessionTokens.of(Credentials.fixed(BASIC));
        Sinks.One<TokenPair> answer = Sinks.one();
        AtomicInteger refreshes = new AtomicInteger();
        tokens.start(pair("a", Duration.ofHours(1), System.nanoTime()), stale -> {
            refreshes.incrementAndGet();
            return answer.asMono();
        });
        Authorization used = tokens.authorization(true).block(TIMEOUT);

        List<Boolean> repeats = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tokens.renew(used, 5101).subscribe(repeats::add);
        }
        assertThat(repeats).isEmpty();
        answer.tryEmitValue(pair("b", Duration.ofHours(1), System.nanoTime()));

        assertThat(repeats).containsExactly(true, true, true);
        assertThat(refreshes).hasValue(1);
        assertThat(tokens.authorization(true).block(TIMEOUT).header()).isEqualTo("Bearer bend-v1-s-b");
    }

    @Test
    void aFailedRefreshFailsItsWaitersAndTheNextNeedTriesAgain() {
        SessionTokens tokens = SessionTokens.of(Credentials.fixed(BASIC));
        AtomicInteger refreshes = new AtomicInteger();
        tokens.start(pair("a", Duration.ofHours(1), System.nanoTime()), stale -> refreshes.incrementAndGet() == 1
                ? Mono.error(new IllegalStateException("refused"))
                : Mono.just(pair("b", Duration.ofHours(1), System.nanoTime())));
        Authorization used = tokens.authorization(true).block(TIMEOUT);

        assertThat(tokens.renew(used, 5101).onErrorResume(e -> Mono.just(false)).block(TIMEOUT)).isFalse();
        assertThat(tokens.renew(used, 5101).block(TIMEOUT)).isTrue();
        assertThat(refreshes).hasValue(2);
        assertThat(tokens.toString()).doesNotContain("bend-v1");
    }
}
