// Command pulumi-language-nodejs fronts the Node.js language host that scripts/ensure-pulumi.sh
// builds (sdk v3.68.0, the last one the Go module proxy serves), and adds the one call that host
// lacks for this project: RunPlugin for a Node.js policy pack (`pulumi preview --policy-pack DIR`).
//
// The engine starts it as it would start the host. It starts the real host (host/pulumi-language-nodejs
// beside it) with the same arguments, prints its own port, and relays every gRPC call to that host
// unchanged, as raw bytes. A RunPlugin call for a directory holding a PulumiPolicy.yaml is run
// here instead, with Pulumi's own launcher (pulumi-analyzer-policy, from the SDK module's
// nodejs/dist) in the policy pack's directory: the launcher finds @pulumi/pulumi's run-policy-pack
// from there, as released CLIs do.
//
// It ends with the engine that started it: the engine starts language hosts in process groups of
// their own, so a CI runner that kills the CLI's process group would leave them running. It holds
// a connection to the engine's address and, once that was up, exits (killing the real host) when
// the engine no longer accepts one.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

const runPlugin = "/pulumirpc.LanguageRuntime/RunPlugin"

// rawCodec passes messages through as bytes, so that calls this program does not know are relayed whole.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	if m, ok := v.(proto.Message); ok {
		return proto.Marshal(m)
	}
	return *(v.(*[]byte)), nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	if m, ok := v.(proto.Message); ok {
		return proto.Unmarshal(data, m)
	}
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

var _ encoding.Codec = rawCodec{}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs (relay): "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	self, err := os.Executable()
	if err != nil {
		fail("cannot find its own path: %v", err)
	}
	dir := filepath.Dir(self)

	// The real host, with the engine's arguments; it prints its port as its first line.
	inner := exec.Command(filepath.Join(dir, "host", "pulumi-language-nodejs"), os.Args[1:]...)
	inner.Stderr = os.Stderr
	inner.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := inner.StdoutPipe()
	if err != nil {
		fail("%v", err)
	}
	if err := inner.Start(); err != nil {
		fail("cannot start %s: %v", inner.Path, err)
	}
	lines := bufio.NewReader(out)
	port, err := lines.ReadString('\n')
	if err != nil {
		fail("the language host printed no port: %v", err)
	}
	go func() { _, _ = io.Copy(os.Stdout, lines) }()

	conn, err := grpc.NewClient("127.0.0.1:"+port[:len(port)-1],
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallRecvMsgSize(1<<30), grpc.MaxCallSendMsgSize(1<<30)))
	if err != nil {
		fail("%v", err)
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("%v", err)
	}
	rl := &relay{conn: conn, launcher: filepath.Join(dir, "pulumi-analyzer-policy")}
	server := grpc.NewServer(grpc.ForceServerCodec(rawCodec{}), grpc.UnknownServiceHandler(rl.handle),
		grpc.MaxRecvMsgSize(1<<30), grpc.MaxSendMsgSize(1<<30))
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)

	if engine := engineAddress(os.Args[1:]); engine != "" {
		watchEngine(engine, func() {
			_ = inner.Process.Kill()
			fail("the Pulumi engine at %s is gone (its run was stopped); the language host stops", engine)
		})
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-signals
		_ = inner.Process.Signal(s)
		server.Stop()
	}()
	go func() {
		_ = inner.Wait()
		server.Stop()
	}()
	_ = server.Serve(lis)
	_ = inner.Process.Kill()
}

var hostPort = regexp.MustCompile(`^[\w.:\[\]-]+:\d+$`)

// engineAddress is the engine's address among the host's arguments: the first host:port that is not a flag.
func engineAddress(args []string) string {
	for _, a := range args {
		if hostPort.MatchString(a) {
			return a
		}
	}
	return ""
}

// watchEngine calls gone once the engine at addr, reached once, refuses a new connection. It holds
// one connection open, so that the engine's end is seen at once, and dials again when it closes.
func watchEngine(addr string, gone func()) {
	go func() {
		wasUp := false
		for {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				if !wasUp {
					return // never reached: nothing to watch
				}
				if errors.Is(err, syscall.ECONNREFUSED) {
					gone()
					return
				}
				time.Sleep(time.Second)
				continue
			}
			wasUp = true
			_, _ = io.Copy(io.Discard, c)
			_ = c.Close()
		}
	}()
}

type relay struct {
	conn     *grpc.ClientConn
	launcher string
}

func (f *relay) handle(_ any, stream grpc.ServerStream) error {
	method, _ := grpc.MethodFromServerStream(stream)
	if method == runPlugin {
		var req pulumirpc.RunPluginRequest
		if err := stream.RecvMsg(&req); err != nil {
			return err
		}
		packDir := req.GetInfo().GetProgramDirectory()
		if _, err := os.Stat(filepath.Join(packDir, "PulumiPolicy.yaml")); err == nil {
			return f.runPolicyPack(&req, packDir, stream)
		}
		return f.forward(method, stream, &req)
	}
	return f.forward(method, stream, nil)
}

// runPolicyPack runs the launcher as the CLI would run it for a policy pack: the engine's
// arguments, then ".", in the pack's directory; its output and exit code go back as the call's stream.
func (f *relay) runPolicyPack(req *pulumirpc.RunPluginRequest, packDir string, stream grpc.ServerStream) error {
	cmd := exec.CommandContext(stream.Context(), f.launcher, append(append([]string{}, req.GetArgs()...), ".")...)
	cmd.Dir = packDir
	cmd.Env = append(os.Environ(), req.GetEnv()...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cannot start %s: %w", f.launcher, err)
	}
	var mu sync.Mutex
	send := func(r *pulumirpc.RunPluginResponse) error {
		mu.Lock()
		defer mu.Unlock()
		return stream.SendMsg(r)
	}
	var wg sync.WaitGroup
	pump := func(r io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse) {
		defer wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				_ = send(wrap(append([]byte(nil), buf[:n]...)))
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})
	wg.Wait()
	code := int32(0)
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return err
		}
		code = int32(exit.ExitCode())
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// forward relays one call to the real host, both ways, as bytes. `first` is a request already read.
func (f *relay) forward(method string, stream grpc.ServerStream, first proto.Message) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		ctx = metadata.NewOutgoingContext(ctx, md.Copy())
	}
	client, err := f.conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, method)
	if err != nil {
		return err
	}
	upstream := make(chan error, 1)
	go func() {
		if first != nil {
			if err := client.SendMsg(first); err != nil {
				upstream <- err
				return
			}
		}
		for {
			var msg []byte
			if err := stream.RecvMsg(&msg); err != nil {
				if errors.Is(err, io.EOF) {
					upstream <- client.CloseSend()
				} else {
					upstream <- err
				}
				return
			}
			if err := client.SendMsg(&msg); err != nil {
				upstream <- err
				return
			}
		}
	}()
	if header, err := client.Header(); err == nil {
		_ = stream.SendHeader(header)
	}
	for {
		var msg []byte
		if err := client.RecvMsg(&msg); err != nil {
			stream.SetTrailer(client.Trailer())
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := stream.SendMsg(&msg); err != nil {
			return err
		}
	}
}
