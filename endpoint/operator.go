package endpoint

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/server"
	"github.com/respec-dev/respec/world"
)

// The operator endpoints, under server.OperatorPrefix (not ECS actions; answered in JSON):
//
//	GET  /respec/world                 the current world (Dump)
//	POST /respec/world                 load the body (the Backend's Loader) as the new current and initial world
//	POST /respec/reset                 back to the initial world
//	GET  /respec/clock                 {"Now": ...}
//	POST /respec/clock?advance=90s     move a manual clock forward (Go duration)
//	POST /respec/clock?to=<RFC 3339>   move a manual clock to a moment (never back)
//
// An operator error is {"Error": "..."} with 400 (bad input), 404 (no such path), 405 (wrong
// method) or 409 (the clock is not manual, or would move back).
const (
	PathWorld = server.OperatorPrefix + "world"
	PathReset = server.OperatorPrefix + "reset"
	PathClock = server.OperatorPrefix + "clock"
)

// maxDocumentBytes caps a loaded document (the scenario reader's own cap).
const maxDocumentBytes = model.MaxScenarioBytes

// Operator returns the operator handler over b and clock; clock is the server's clock (a
// *server.ManualClock can be moved, any other cannot).
func (b *Backend) Operator(clock server.Clock) http.Handler {
	return &operator{b: b, clock: clock}
}

type operator struct {
	b     *Backend
	clock server.Clock
}

func (o *operator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case PathWorld:
		switch r.Method {
		case http.MethodGet:
			reply(w, http.StatusOK, Dump(o.b.Snapshot()))
		case http.MethodPost, http.MethodPut:
			doc, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxDocumentBytes))
			if err != nil {
				replyErr(w, http.StatusBadRequest, "the document cannot be read: "+err.Error())
				return
			}
			s, err := o.b.load(doc)
			if err == nil {
				err = o.b.Replace(s)
			}
			if err != nil {
				replyErr(w, http.StatusBadRequest, err.Error())
				return
			}
			reply(w, http.StatusOK, Dump(o.b.Snapshot()))
		default:
			replyErr(w, http.StatusMethodNotAllowed, "GET or POST "+PathWorld)
		}
	case PathReset:
		if r.Method != http.MethodPost {
			replyErr(w, http.StatusMethodNotAllowed, "POST "+PathReset)
			return
		}
		o.b.Reset()
		reply(w, http.StatusOK, map[string]any{"Now": o.b.Snapshot().World.Now()})
	case PathClock:
		o.serveClock(w, r)
	default:
		replyErr(w, http.StatusNotFound, "no operator endpoint "+r.URL.Path)
	}
}

func (o *operator) serveClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		reply(w, http.StatusOK, map[string]any{"Now": o.clock.Now()})
		return
	}
	if r.Method != http.MethodPost {
		replyErr(w, http.StatusMethodNotAllowed, "GET or POST "+PathClock)
		return
	}
	mc, ok := o.clock.(*server.ManualClock)
	if !ok {
		replyErr(w, http.StatusConflict, "the clock is real time; start respec serve with --clock manual to move it")
		return
	}
	q := r.URL.Query()
	switch {
	case q.Get("advance") != "":
		d, err := time.ParseDuration(q.Get("advance"))
		if err != nil || d < 0 {
			replyErr(w, http.StatusBadRequest, "advance is not a non-negative Go duration (90s, 5m, 1h)")
			return
		}
		mc.Advance(d)
	case q.Get("to") != "":
		t, err := time.Parse(time.RFC3339Nano, q.Get("to"))
		if err != nil {
			replyErr(w, http.StatusBadRequest, "to is not an RFC 3339 moment")
			return
		}
		if !mc.Set(t.UTC()) {
			replyErr(w, http.StatusConflict, "the clock does not move back (now "+mc.Now().Format(time.RFC3339Nano)+")")
			return
		}
	default:
		replyErr(w, http.StatusBadRequest, "give advance=<duration> or to=<RFC 3339 moment>")
		return
	}
	reply(w, http.StatusOK, map[string]any{"Now": mc.Now()})
}

func reply(w http.ResponseWriter, status int, v any) {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"Error":"the answer cannot be encoded"}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func replyErr(w http.ResponseWriter, status int, msg string) {
	reply(w, status, map[string]string{"Error": strings.TrimSpace(msg)})
}

// WorldDump is the JSON form of a State, as GET /respec/world answers it.
type WorldDump struct {
	Now       time.Time               `json:"Now"`
	Accounts  []AccountDump           `json:"Accounts"`
	Instances []InstanceDump          `json:"Instances"`
	Keys      map[string]world.Caller `json:"Keys"`
	Limits    world.Limits            `json:"Limits"`
	Policy    model.Policy            `json:"Policy"`
}

// AccountDump is one account with its books.
type AccountDump struct {
	AccountID string `json:"AccountId"`
	world.AccountState
}

// InstanceDump is one instance and its owner.
type InstanceDump struct {
	Owner    string         `json:"Owner"`
	Instance model.Instance `json:"Instance"`
}

// Dump returns the state as its JSON form: every account and instance as it is at the world's
// moment, in id order.
func Dump(s State) WorldDump {
	w := s.World
	d := WorldDump{Now: w.Now(), Keys: s.Keys, Limits: w.Limits(), Policy: w.Policy(), Accounts: []AccountDump{}, Instances: []InstanceDump{}}
	for _, id := range w.AccountIDs() {
		a, _ := w.Account(id)
		d.Accounts = append(d.Accounts, AccountDump{AccountID: id, AccountState: a})
	}
	for _, id := range w.InstanceIDs() {
		in, owner, _ := w.Instance(id)
		d.Instances = append(d.Instances, InstanceDump{Owner: owner, Instance: in})
	}
	return d
}
