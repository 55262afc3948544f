// Behaviour of the generated go models of the kitchen sink, run with go test
// by tests/sdk_models.rs (which copies this file next to them).
package kitchensink_test

import (
	"encoding/json"
	"reflect"
	"testing"

	ks "kitchensink"
)

const base = `{"name":"lamp","requiredNullable":null,"kind":"gadget","shape":{"shape":"circle","radius":1.5}`

func roundtrip(t *testing.T, payload string) ks.Thing {
	t.Helper()
	var thing ks.Thing
	if err := json.Unmarshal([]byte(payload), &thing); err != nil {
		t.Fatalf("decode %s: %v", payload, err)
	}
	out, err := json.Marshal(thing)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	var want, got any
	_ = json.Unmarshal([]byte(payload), &want)
	_ = json.Unmarshal(out, &got)
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("round trip changed the JSON:\n in: %s\nout: %s", payload, out)
	}
	return thing
}

func TestAbsentNullAndValueStayApart(t *testing.T) {
	absent := roundtrip(t, base+`}`)
	if !absent.OptionalNullable.IsZero() {
		t.Fatal("absent decoded as present")
	}
	null := roundtrip(t, base+`,"optionalNullable":null}`)
	if !null.OptionalNullable.IsNull() {
		t.Fatal("null not recorded")
	}
	value := roundtrip(t, base+`,"optionalNullable":7}`)
	if v, ok := value.OptionalNullable.Get(); !ok || v != 7 {
		t.Fatalf("value = %v, %v", v, ok)
	}
}

func TestEnums(t *testing.T) {
	thing := roundtrip(t, base+`,"kind":"hologram","priority":9}`)
	if thing.Kind != "hologram" || thing.Kind.IsKnown() || !ks.ThingKindGadget.IsKnown() {
		t.Fatalf("open enum: %q", thing.Kind)
	}
	var closed ks.Thing
	if err := json.Unmarshal([]byte(base+`,"color":"purple"}`), &closed); err == nil {
		t.Fatal("closed enum accepted an unlisted value")
	}
}

func TestUnknownUnionTagAndPropertiesAreKept(t *testing.T) {
	thing := roundtrip(t, base+`,"shape":{"shape":"triangle","sides":[3,4,5]},"addedLater":{"a":[1,"two"]}}`)
	if thing.Shape.Unknown == nil || thing.Shape.Circle != nil {
		t.Fatal("unknown tag not kept raw")
	}
	if _, ok := thing.AdditionalProperties["addedLater"]; !ok {
		t.Fatal("unknown property dropped")
	}
	circle := roundtrip(t, base+`}`)
	if circle.Shape.Circle == nil || circle.Shape.Circle.Radius != 1.5 {
		t.Fatal("known tag not decoded")
	}
}

func TestInt64AndRequired(t *testing.T) {
	thing := roundtrip(t, base+`,"count64":9223372036854775807}`)
	if *thing.Count64 != 9223372036854775807 {
		t.Fatal("int64 lost digits")
	}
	var missing ks.Thing
	if err := json.Unmarshal([]byte(`{"name":"lamp","kind":"gadget","shape":{"shape":"circle","radius":1}}`), &missing); err == nil {
		t.Fatal("a missing required property was accepted")
	}
}

// Thing is sent and received: its required read-only id and write-only
// secret may be absent (base has neither). TreeNode is only received: its
// required read-only depth must be there.
func TestReadOnlyAndWriteOnlyPresence(t *testing.T) {
	thing := roundtrip(t, base+`}`)
	if thing.ID != nil || thing.Secret != nil {
		t.Fatal("absent id or secret decoded as present")
	}
	node := `{"value":"root","depth":0}`
	var tree ks.TreeNode
	if err := json.Unmarshal([]byte(node), &tree); err != nil {
		t.Fatalf("decode %s: %v", node, err)
	}
	var missing ks.TreeNode
	if err := json.Unmarshal([]byte(`{"value":"root"}`), &missing); err == nil {
		t.Fatal("a tree node without its depth was accepted")
	}
}

func TestTagIsFilledOnEncode(t *testing.T) {
	out, err := json.Marshal(ks.Shape{Rectangle: &ks.Rectangle{Width: 2, Height: 3}})
	if err != nil || string(out) != `{"shape":"rectangle","width":2,"height":3}` {
		t.Fatalf("got %s, %v", out, err)
	}
}

// additionalProperties: false binds the sender: an older reader keeps what a
// newer server added and encodes it back.
func TestClosedSchemaKeepsPropertiesAddedLater(t *testing.T) {
	var contact ks.EmailContact
	in := `{"email":"a@example.com","verified":true}`
	if err := json.Unmarshal([]byte(in), &contact); err != nil {
		t.Fatalf("closed schema refused a property added later: %v", err)
	}
	if string(contact.AdditionalProperties["verified"]) != "true" {
		t.Fatal("property added later dropped")
	}
	out, err := json.Marshal(contact)
	if err != nil || string(out) != in {
		t.Fatalf("round trip: %s, %v", out, err)
	}
}
