package org.peerwave.engine.session;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A peer written by hand on a plain {@link Socket}: it says exactly the bytes a test gives it, good
 * or hostile, and reads what the engine answers message by message.
 */
final class RawPeer implements AutoCloseable {

    static final int CHOKE = 0;
    static final int UNCHOKE = 1;
    static final int INTERESTED = 2;
    static final int HAVE = 4;
    static final int BITFIELD = 5;
    static final int REQUEST = 6;
    static final int PIECE = 7;
    static final int HAVE_ALL = 14;
    static final int EXTENDED = 20;

    /** One message from the engine; {@code id} is -1 for a keep-alive. */
    record Message(int id, byte[] payload) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawPeer connect(InetSocketAddress engine, String localIp) throws IOException {
        return connect(engine, localIp, 0);
    }

    /** With a small receive buffer ({@code receiveBuffer} bytes; 0 = the system's) for peers that do not read. */
    static RawPeer connect(InetSocketAddress engine, String localIp, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.bind(new InetSocketAddress(localIp, 0));
        s.connect(engine, 5000);
        s.setSoTimeout(10_000);
        return new RawPeer(s);
    }

    static byte[] handshake(byte[] infoHash, boolean fast, boolean extensions) {
        ByteBuffer b = ByteBuffer.allocate(68);
        b.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
        byte[] reserved = new byte[8];
        if (extensions) {
            reserved[5] |= 0x10;
        }
        if (fast) {
            reserved[7] |= 0x04;
        }
        b.put(reserved).put(infoHash);
        byte[] id = "-XX0001-hostile-peer".getBytes(StandardCharsets.US_ASCII);
        b.put(Arrays.copyOf(id, 20));
        return b.array();
    }

    /** Sends our handshake and reads the engine's (68 bytes). */
    RawPeer shakeHands(byte[] infoHash, boolean fast, boolean extensions) throws IOException {
        send(handshake(infoHash, fast, extensions));
        byte[] theirs = new byte[68];
        in.readFully(theirs);
        if (!Arrays.equals(Arrays.copyOfRange(theirs, 28, 48), infoHash)) {
            throw new AssertionError("engine answered with another info hash");
        }
        return this;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] message(int id, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).putInt(1 + payload.length).put((byte) id).put(payload).array();
    }

    static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    static byte[] request(int piece, int offset, int length) {
        return message(REQUEST, ints(piece, offset, length));
    }

    static byte[] piece(int piece, int offset, byte[] block) {
        return message(PIECE, ByteBuffer.allocate(8 + block.length).putInt(piece).putInt(offset).put(block).array());
    }

    Message read() throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return new Message(-1, new byte[0]);
        }
        if (length < 0 || length > 1 << 21) {
            throw new IOException("engine sent a frame of " + length + " bytes");
        }
        int id = in.readUnsignedByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Message(id, payload);
    }

    /** Reads until a message with {@code id} arrives. */
    Message await(int id, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Message m = read();
            if (m.id() == id) {
                return m;
            }
        }
        throw new AssertionError("no message " + id + " within " + timeout);
    }

    /** True when the engine closes the connection within {@code timeout} (what it sends meanwhile is read and dropped). */
    boolean closedWithin(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[64 * 1024];
        socket.setSoTimeout(200);
        try {
            while (System.nanoTime() < end) {
                try {
                    if (socket.getInputStream().read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException notYet) {
                    // keep waiting
                }
            }
            return false;
        } catch (EOFException | SocketException reset) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(10_000);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
