package org.tokenauth.core.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that make each write one atomic step on the Redis server, which runs one script
 * at a time. Every script is given {@code ARGV[1]}, the prefix of token entries' keys, and
 * {@code ARGV[2]}, the prefix of users' index keys; what else it is given is said above it.
 *
 * <p>Scripts reach entries through the ids in a user's index, keys they are not given in
 * {@code KEYS}: fine on a standalone Redis (and its replicas), not on Redis Cluster.
 */
enum Script {

    /**
     * KEYS: the user's index, the candidate's entry. ARGV[3]: its id, ARGV[4]: when it expires in
     * ms ('' for never), ARGV[5]: unused (INSERT's cap), ARGV[6…]: its fields. Returns {'existing', fields} (the most recently
     * created of the user's tokens), {'stored'} or {'taken'}.
     */
    GET_OR_INSERT("""
            local tokens = live(KEYS[1])
            if #tokens > 0 then
              local newest = tokens[1]
              for i = 2, #tokens do
                local t = tokens[i]
                if later(t.created, newest.created)
                    or t.created == newest.created and bytesAfter(t.lookup, newest.lookup) then
                  newest = t
                end
              end
              return {'existing', newest.fields}
            end
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return {'taken'}
            end
            store()
            return {'stored'}
            """),

    /**
     * KEYS: the user's index, the new token's entry. ARGV[3]: its id, ARGV[4]: when it expires in
     * ms ('' for never), ARGV[5]: the cap, ARGV[6…]: its fields. Returns {'stored', the fields of
     * each evicted token…} or {'taken'}.
     */
    INSERT("""
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return {'taken'}
            end
            local tokens = live(KEYS[1])
            table.sort(tokens, moreRecentlyUsed)
            local reply = {'stored'}
            for i = tonumber(ARGV[5]), #tokens do
              redis.call('DEL', ARGV[1] .. tokens[i].id)
              redis.call('SREM', KEYS[1], tokens[i].id)
              reply[#reply + 1] = tokens[i].fields
            end
            store()
            return reply
            """),

    /** KEYS: the user's index. Returns the fields of each of the user's tokens. */
    FIND_ALL("""
            local reply = {}
            for _, token in ipairs(live(KEYS[1])) do
              reply[#reply + 1] = token.fields
            end
            return reply
            """),

    /** KEYS: the user's index. Returns how many tokens it deleted. */
    DELETE_ALL("""
            local tokens = live(KEYS[1])
            for _, token in ipairs(tokens) do
              redis.call('DEL', ARGV[1] .. token.id)
            end
            redis.call('DEL', KEYS[1])
            return #tokens
            """),

    /** KEYS: the token's entry. ARGV[3]: its id. Returns 1 if it deleted it, else 0. */
    DELETE("""
            local user = redis.call('HGET', KEYS[1], 'user')
            if not user then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('SREM', ARGV[2] .. user, ARGV[3])
            return 1
            """),

    /**
     * KEYS: the token's entry. ARGV[3]: its last use; ARGV[4]: its new expiry ('' to keep it),
     * ARGV[5]: the same in ms ('' for never). Returns 1 if the token exists, else 0.
     */
    TOUCH("""
            local user = redis.call('HGET', KEYS[1], 'user')
            if not user then
              return 0
            end
            redis.call('HSET', KEYS[1], 'used', ARGV[3])
            if ARGV[4] ~= '' then
              redis.call('HSET', KEYS[1], 'expires', ARGV[4])
              expire(KEYS[1], ARGV[2] .. user, ARGV[5], false)
            end
            return 1
            """);

    /** What the scripts share. Instants are '<epoch seconds>.<9 digits of nanoseconds>' (see Entries). */
    private static final String FUNCTIONS = """
            local function later(a, b)
              local as, an = string.match(a, '^(-?%d+)%.(%d+)$')
              local bs, bn = string.match(b, '^(-?%d+)%.(%d+)$')
              if as ~= bs then
                return tonumber(as) > tonumber(bs)
              end
              return tonumber(an) > tonumber(bn)
            end

            -- Byte order, as Java orders ASCII: Lua's own '<' follows the server's locale (strcoll).
            local function bytesAfter(x, y)
              for i = 1, math.min(#x, #y) do
                local a, b = string.byte(x, i), string.byte(y, i)
                if a ~= b then
                  return a > b
                end
              end
              return #x > #y
            end

            -- TokenStore.MOST_RECENTLY_USED_FIRST
            local function moreRecentlyUsed(a, b)
              local ua, ub = a.used or a.created, b.used or b.created
              if ua ~= ub then
                return later(ua, ub)
              end
              if a.created ~= b.created then
                return later(a.created, b.created)
              end
              return bytesAfter(a.lookup, b.lookup)
            end

            -- The user's tokens whose entries still exist; the ids of expired ones leave the index.
            local function live(index)
              local tokens = {}
              for _, id in ipairs(redis.call('SMEMBERS', index)) do
                local fields = redis.call('HGETALL', ARGV[1] .. id)
                if #fields == 0 then
                  redis.call('SREM', index, id)
                else
                  local token = {id = id, fields = fields}
                  for i = 1, #fields, 2 do
                    token[fields[i]] = fields[i + 1]
                  end
                  tokens[#tokens + 1] = token
                end
              end
              return tokens
            end

            -- The entry goes at its token's expiry; the index with the last of its entries, so a
            -- user who never comes back leaves nothing behind. A new index has no expiry yet, and
            -- GT leaves an index without one (a token that never expires) as it is.
            local function expire(entry, index, at, newIndex)
              if at == '' then
                redis.call('PERSIST', entry)
                redis.call('PERSIST', index)
              else
                redis.call('PEXPIREAT', entry, at)
                if newIndex then
                  redis.call('PEXPIREAT', index, at)
                else
                  redis.call('PEXPIREAT', index, at, 'GT')
                end
              end
            end

            -- Stores the token of KEYS[2] (id ARGV[3], expiry ARGV[4], fields ARGV[6…]) in index KEYS[1].
            local function store()
              local newIndex = redis.call('EXISTS', KEYS[1]) == 0
              redis.call('HSET', KEYS[2], unpack(ARGV, 6))
              redis.call('SADD', KEYS[1], ARGV[3])
              expire(KEYS[2], KEYS[1], ARGV[4], newIndex)
            end

            """;

    private final String source;
    private final String sha1;

    Script(String body) {
        this.source = FUNCTIONS + body;
        this.sha1 = sha1(source);
    }

    /** {@return the Lua source, as sent by {@code EVAL}} */
    String source() {
        return source;
    }

    /** {@return the SHA-1 by which {@code EVALSHA} runs it once the server has it} */
    String sha1() {
        return sha1;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
