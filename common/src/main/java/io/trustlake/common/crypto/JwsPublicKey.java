package io.trustlake.common.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * A public key that checks JWS signatures of an external identity provider: {@code RS256}
 * (RSASSA-PKCS1-v1_5 with SHA-256, moduli of at least 2048 bits) or {@code ES256} (ECDSA on P-256
 * with SHA-256, the signature as the 64-byte concatenation {@code r‖s} of RFC 7518 §3.4). Built
 * from the components of a JWK. Immutable and thread-safe; a {@link Signature} is created per call.
 */
public final class JwsPublicKey {
    /** The smallest RSA modulus accepted, in bits (RFC 7518 §3.3). */
    public static final int MIN_RSA_BITS = 2048;

    private static final int ES256_SIGNATURE_LENGTH = 64;
    private static final int P256_COORDINATE_LENGTH = 32;

    private final String algorithm;
    private final PublicKey key;

    private JwsPublicKey(String algorithm, PublicKey key) {
        this.algorithm = algorithm;
        this.key = key;
    }

    /**
     * An {@code RS256} key from the unsigned big-endian modulus and exponent of an RSA JWK.
     *
     * @throws CryptoException if the numbers do not form an RSA key of at least {@link #MIN_RSA_BITS}
     */
    public static JwsPublicKey rs256(byte[] modulus, byte[] exponent) {
        BigInteger n = new BigInteger(1, modulus);
        BigInteger e = new BigInteger(1, exponent);
        if (n.bitLength() < MIN_RSA_BITS || e.signum() <= 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
            throw new CryptoException("RSA key too small or malformed", null);
        }
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            return new JwsPublicKey("RS256", key);
        } catch (GeneralSecurityException ex) {
            throw new CryptoException("malformed RSA key", ex);
        }
    }

    /**
     * An {@code ES256} key from the 32-byte big-endian coordinates of a P-256 JWK.
     *
     * @throws CryptoException if the coordinates are not a point of P-256
     */
    public static JwsPublicKey es256(byte[] x, byte[] y) {
        if (x.length != P256_COORDINATE_LENGTH || y.length != P256_COORDINATE_LENGTH) {
            throw new CryptoException("a P-256 coordinate has 32 bytes", null);
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
            requireOnCurve(curve, point);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
            return new JwsPublicKey("ES256", key);
        } catch (GeneralSecurityException ex) {
            throw new CryptoException("malformed P-256 key", ex);
        }
    }

    /** y² = x³ + ax + b over the curve's prime field, with both coordinates reduced. */
    private static void requireOnCurve(ECParameterSpec curve, ECPoint point) {
        BigInteger p = ((java.security.spec.ECFieldFp) curve.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new CryptoException("P-256 coordinate out of range", null);
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3)
                .add(curve.getCurve().getA().multiply(x))
                .add(curve.getCurve().getB())
                .mod(p);
        if (!left.equals(right)) {
            throw new CryptoException("point is not on P-256", null);
        }
    }

    /** {@code RS256} or {@code ES256}: the only JWS algorithm this key verifies. */
    public String algorithm() {
        return algorithm;
    }

    /** The modulus size for RSA keys, 256 for P-256. */
    public int bits() {
        return key instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() : 256;
    }

    /**
     * Checks a signature over {@code message}. Returns false for a wrong or malformed signature
     * (including an ES256 signature that is not exactly 64 bytes); never throws on untrusted input.
     */
    public boolean verifies(byte[] message, byte[] signature) {
        try {
            Signature verifier;
            if ("RS256".equals(algorithm)) {
                verifier = Signature.getInstance("SHA256withRSA");
            } else {
                if (signature.length != ES256_SIGNATURE_LENGTH) {
                    return false;
                }
                verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            }
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "JwsPublicKey[" + algorithm + ", " + bits() + " bits]";
    }
}
