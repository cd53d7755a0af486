package io.trustlake.server.api;

import io.javalin.http.Context;
import io.trustlake.auth.AuthServices;
import io.trustlake.auth.PictureLayouts;
import io.trustlake.auth.PictureStrength;
import io.trustlake.auth.Pictures;
import io.trustlake.auth.Principal;
import io.trustlake.common.encoding.Json;
import io.trustlake.common.error.ErrorCode;
import io.trustlake.common.error.TrustlakeException;
import io.trustlake.server.http.Responses;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Graphical passwords: one-time shuffled grids, pictures served by position (so no request or page
 * names a picture), sign-in with positions, a strength rating while picking, and setting or
 * removing the graphical password.
 */
public final class PicturesApi {
    private static final int MAX_POSITIONS = PictureStrength.MAX_PICTURES;

    private final AuthServices auth;
    private final AuthApi authApi;
    private final FactorsApi factors;

    public PicturesApi(AuthServices auth, AuthApi authApi, FactorsApi factors) {
        this.auth = auth;
        this.authApi = authApi;
        this.factors = factors;
    }

    record PictureLogin(String username, String layoutId, List<Integer> positions) {}

    record Choice(String layoutId, List<Integer> positions, String password) {}

    /** A fresh grid: its one-time id and the address of the picture at each position. */
    public record Grid(String layoutId, int columns, Instant expiresAt, List<String> pictures) {}

    public Grid grid() {
        PictureLayouts.Layout layout = auth.pictureLayouts().issue();
        List<String> urls = IntStream.range(0, layout.order().size())
                .mapToObj(i -> "/pictures/" + layout.id() + "/" + i)
                .toList();
        return new Grid(layout.id(), Pictures.COLUMNS, layout.expiresAt(), urls);
    }

    public void grid(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Responses.ok(ctx, grid());
    }

    /** The picture at a position of a live grid, as SVG. */
    public void picture(Context ctx) throws IOException {
        int position = position(ctx.pathParam("position"));
        String id = auth.pictureLayouts()
                .peek(ctx.pathParam("layoutId"))
                .filter(l -> position >= 0 && position < l.order().size())
                .map(l -> l.order().get(position))
                .orElseThrow(() -> new TrustlakeException(ErrorCode.NOT_FOUND, "this picture grid has expired"));
        try (InputStream in = PicturesApi.class.getResourceAsStream("/io/trustlake/server/pictures/" + id + ".svg")) {
            if (in == null) {
                throw new TrustlakeException(ErrorCode.INTERNAL, "picture missing from the build: " + id);
            }
            ctx.header("Cache-Control", "no-store").contentType("image/svg+xml").result(in.readAllBytes());
        }
    }

    public void login(Context ctx) {
        PictureLogin request = Json.parseInput(ctx.bodyAsBytes(), PictureLogin.class);
        Responses.ok(ctx, login(request.username(), request.layoutId(), request.positions(), ctx.ip()));
    }

    public AuthApi.LoginResponse login(String username, String layoutId, List<Integer> positions, String address) {
        if (username == null || username.isBlank() || username.length() > 256) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, "username is required (at most 256 characters)");
        }
        return AuthApi.answer(auth.authenticator()
                .loginWithPictures(username.trim(), text(layoutId, "layoutId"), positions(positions), address));
    }

    /** How strong a choice on a live grid is; nothing is stored and the grid is not spent. */
    public void strength(Context ctx) {
        Choice choice = Json.parseInput(ctx.bodyAsBytes(), Choice.class);
        Responses.ok(ctx, strength(text(choice.layoutId(), "layoutId"), positions(choice.positions())));
    }

    public PictureStrength.Rating strength(String layoutId, List<Integer> positions) {
        List<String> pictures = auth.pictureLayouts()
                .peek(layoutId)
                .flatMap(l -> l.pictures(positions))
                .orElseThrow(() -> new TrustlakeException(
                        ErrorCode.BAD_REQUEST, "the picture grid has expired or a position is outside it"));
        return PictureStrength.rate(pictures, positions);
    }

    public void set(Context ctx) {
        Principal principal = factors.owner(ctx);
        Choice choice = Json.parseInput(ctx.bodyAsBytes(), Choice.class);
        PictureStrength.Rating rating =
                set(principal, choice.layoutId(), choice.positions(), choice.password(), ctx.ip());
        Responses.ok(ctx, rating);
    }

    /** Sets the caller's graphical password, or 400 with the reason it was refused. */
    public PictureStrength.Rating set(
            Principal principal, String layoutId, List<Integer> positions, String password, String address) {
        PictureStrength.Rating rating = auth.enrolment()
                .setPicturePassword(
                        principal.userId(),
                        password == null ? "" : password,
                        text(layoutId, "layoutId"),
                        positions(positions),
                        address);
        if (!rating.acceptable()) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, rating.reason());
        }
        return rating;
    }

    public void remove(Context ctx) {
        Principal principal = factors.owner(ctx);
        Choice choice = Json.parseInput(ctx.bodyAsBytes(), Choice.class);
        String password = choice.password() == null ? "" : choice.password();
        if (!auth.enrolment().removePicturePassword(principal.userId(), password, ctx.ip())) {
            throw new TrustlakeException(ErrorCode.INVALID_CREDENTIALS, "the password is wrong");
        }
        Responses.ok(ctx, Map.of("picturePassword", false));
    }

    public AuthApi authApi() {
        return authApi;
    }

    private static List<Integer> positions(List<Integer> positions) {
        if (positions == null || positions.isEmpty() || positions.size() > MAX_POSITIONS) {
            throw new TrustlakeException(
                    ErrorCode.BAD_REQUEST, "positions must list 1 to " + MAX_POSITIONS + " picture positions");
        }
        return positions;
    }

    private static String text(String value, String name) {
        if (value == null || value.isBlank() || value.length() > 64) {
            throw new TrustlakeException(ErrorCode.BAD_REQUEST, name + " is required");
        }
        return value;
    }

    private static int position(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new TrustlakeException(ErrorCode.NOT_FOUND, "no such picture");
        }
    }
}
