package demo

import (
	"reflect"
	"testing"

	"leadinspector/api"
)

// toAPI is what the demo means to send, in the client's model.
func toAPI(l *incomingLead) *api.IncomingLead {
	out := &api.IncomingLead{
		ContactID:       l.ContactID,
		SentAt:          l.SentAt.T.UTC(),
		BuyingEstateID:  l.BuyingEstateID,
		SellingEstateID: l.SellingEstateID,
		State:           api.State(l.State),
		Message:         l.Message,
		IsAnonymized:    l.IsAnonymized,
	}
	if s := l.LeadSource; s != nil {
		out.LeadSource = &api.LeadSource{ID: s.ID, Name: s.Name, LeadType: api.LeadType(s.LeadType)}
	}
	office := func(o *office) *api.Office {
		if o == nil {
			return nil
		}
		return &api.Office{ID: o.ID, CustomerID: o.CustomerID}
	}
	if r := l.Receiver; r != nil {
		out.Receiver = &api.LeadReceiver{Office: office(r.Office)}
		if r.Agent != nil {
			out.Receiver.Agent = &api.Agent{ID: r.Agent.ID, Office: office(r.Agent.Office)}
		}
		if r.UserGroup != nil {
			out.Receiver.UserGroup = &api.UserGroup{ID: r.UserGroup.ID}
		}
	}
	for _, u := range l.UtmTags {
		out.UtmTags = append(out.UtmTags, api.UtmTag{Name: u.Name, Value: u.Value})
	}
	return out
}

// normal makes decoded leads comparable with reflect.DeepEqual: the same
// instant in any zone is the same SentAt, and an empty UTM list is the same
// as none (api.IncomingLead does not tell them apart).
func normal(l *api.IncomingLead) *api.IncomingLead {
	c := *l
	c.SentAt = c.SentAt.UTC()
	if len(c.UtmTags) == 0 {
		c.UtmTags = nil
	}
	return &c
}

// The strongest check that the two encoders agree: every successful lead,
// fetched as JSON and as XML, decodes through the client's decoders to the
// same lead, and to the lead the demo holds.
func TestEveryLeadDecodesToTheSameLeadFromJSONAndXML(t *testing.T) {
	for _, e := range catalogue() {
		if !successful(e) {
			continue
		}
		t.Run(e.id, func(t *testing.T) {
			fromJSON, err := api.DecodeJSON(getLead(t, e, "application/json").Body.Bytes())
			if err != nil {
				t.Fatalf("DecodeJSON: %v", err)
			}
			fromXML, err := api.DecodeXML(getLead(t, e, "application/xml").Body.Bytes())
			if err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			j, x := normal(fromJSON), normal(fromXML)
			if !reflect.DeepEqual(j, x) {
				t.Errorf("JSON and XML decode differently:\nJSON %+v\nXML  %+v", j, x)
			}
			want := toAPI(e.lead(testNow()))
			if e.do == serveStepping {
				want.State = "New" // the test clock stands still
			}
			if !reflect.DeepEqual(j, normal(want)) {
				t.Errorf("decoded lead differs from the demo's:\ngot  %+v\nwant %+v", j, normal(want))
			}
		})
	}
}
