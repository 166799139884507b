using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Ordering;

/// <summary>Partial acceptance and substitution: the shop changes a placed order, the customer answers or the default applies.</summary>
public class OrderChangesTests
{
    private const long Milk = 1;
    private const long Atta = 2;
    private const long Bread = 3;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(3);

    private readonly ManualClock _clock = new(PlacedAt);
    private readonly Actor _merchant = AnActor(ActorRole.Merchant);
    private readonly Guid _customerId = Guid.NewGuid();

    [Fact]
    public void Marking_a_line_unavailable_and_reducing_another_recomputes_the_totals_and_waits_for_the_customer()
    {
        var order = AnOrderOfThree();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var deadline = _clock.GetUtcNow() + Window;

        var result = order.ProposeChanges(new ProposedChanges([new(Milk, 0), new(Bread, 1)], []), _merchant, _clock, deadline);

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBe([new ReservationChange(LineOf(order, Milk).ProductId, -2), new ReservationChange(LineOf(order, Bread).ProductId, -2)]);
        order.Status.ShouldBe(OrderStatus.AwaitingCustomer);
        order.ChangesDeadline.ShouldBe(deadline);
        order.Lines.Select(l => (l.Quantity, l.OriginalQuantity)).ShouldBe([(0, 2), (1, 1), (1, 3)]);
        order.Lines.Select(l => l.LineTotalPaise).ShouldBe([0, 4550, 4000]);
        order.SubtotalPaise.ShouldBe(8550);
        order.DeliveryFeePaise.ShouldBe(2500);
        order.TotalPaise.ShouldBe(11050);
        order.Version.ShouldBe(1);
        order.UpdatedAt.ShouldBe(_clock.GetUtcNow());
        var changed = order.Events[^1];
        (changed.FromStatus, changed.ToStatus, changed.ActorRole, changed.ActorId).ShouldBe((OrderStatus.Placed, OrderStatus.AwaitingCustomer, ActorRole.Merchant, _merchant.UserId));
        changed.Reason.ShouldBe("Changed by the shop: 1 unavailable, 1 fewer");
    }

    [Fact]
    public void A_substitute_replaces_its_line_with_a_new_line_priced_as_given_and_takes_its_stock()
    {
        var order = AnOrderOfThree();
        var substitute = Guid.NewGuid();

        var result = order.ProposeChanges(
            new ProposedChanges([], [new(Atta, substitute, "Pillsbury Chakki Atta", "1 kg", new Money(5200), 2)]), _merchant, _clock, Deadline());

        result.IsSuccess.ShouldBeTrue();
        result.Value.ShouldBe([new ReservationChange(LineOf(order, Atta).ProductId, -1), new ReservationChange(substitute, 2)]);
        LineOf(order, Atta).Quantity.ShouldBe(0);
        LineOf(order, Atta).LineTotalPaise.ShouldBe(0);
        var offered = order.Lines[^1];
        (offered.ProductId, offered.Name, offered.Unit, offered.UnitPricePaise).ShouldBe((substitute, "Pillsbury Chakki Atta", "1 kg", 5200L));
        (offered.Quantity, offered.OriginalQuantity, offered.SubstituteForLineId, offered.LineTotalPaise).ShouldBe((2, 0, (long?)Atta, 10400L));
        order.SubtotalPaise.ShouldBe(6000 + 12000 + 10400);
        order.TotalPaise.ShouldBe(order.SubtotalPaise + order.DeliveryFeePaise);
        order.Events[^1].Reason.ShouldBe("Changed by the shop: 1 substitute offered");
    }

    [Fact]
    public void Dropping_every_line_but_offering_a_substitute_for_one_keeps_an_order_to_send()
    {
        var order = AnOrderOfThree();

        var result = order.ProposeChanges(
            new ProposedChanges([new(Milk, 0), new(Bread, 0)], [new(Atta, Guid.NewGuid(), "Pillsbury Chakki Atta", "1 kg", new Money(5200), 1)]),
            _merchant,
            _clock,
            Deadline());

        result.IsSuccess.ShouldBeTrue();
        order.SubtotalPaise.ShouldBe(5200);
        order.Events[^1].Reason.ShouldBe("Changed by the shop: 2 unavailable, 1 substitute offered");
    }

    [Fact]
    public void The_shops_note_is_what_the_history_records()
    {
        var order = AnOrderOfThree();

        order.ProposeChanges(new ProposedChanges([new(Milk, 1)], [], "  Only one packet of milk left today.  "), _merchant, _clock, Deadline()).IsSuccess.ShouldBeTrue();

        order.Events[^1].Reason.ShouldBe("Only one packet of milk left today.");
    }

    [Fact]
    public void Lines_the_changes_leave_as_they_were_give_no_stock_back()
    {
        var order = AnOrderOfThree();

        var result = order.ProposeChanges(new ProposedChanges([new(Milk, 2), new(Atta, 1), new(Bread, 2)], []), _merchant, _clock, Deadline());

        result.Value.ShouldBe([new ReservationChange(LineOf(order, Bread).ProductId, -1)]);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        // Proposal (as built in Proposal below), the field the error names, a phrase of its message.
        { "nothing", "lines", "Nothing would change" },
        { "same quantities", "lines", "Nothing would change" },
        { "everything unavailable", "lines", "reject the order instead" },
        { "more milk", "lines[0].qty", "never more: the customer asked for 2" },
        { "negative milk", "lines[0].qty", "cannot be negative" },
        { "unknown line", "lines[0].lineId", "no line 99" },
        { "milk twice", "lines[1].lineId", "changed twice" },
        { "milk reduced and substituted", "substitutes[0].lineId", "changed twice" },
        { "substitute for an unknown line", "substitutes[0].lineId", "no line 99" },
        { "milk for milk", "substitutes[0].productId", "lower its quantity instead" },
        { "no substitute units", "substitutes[0].qty", "at least 1" },
        { "a long note", "note", "under 300 characters" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Malformed_changes_are_refused_naming_the_field_and_change_nothing(string proposal, string field, string phrase)
    {
        var order = AnOrderOfThree();
        var before = Snapshot(order);

        var result = order.ProposeChanges(Proposal(order, proposal), _merchant, _clock, Deadline());

        result.IsSuccess.ShouldBeFalse();
        result.Error!.Kind.ShouldBe(ErrorKind.Validation);
        result.Error.Code.ShouldBe(field);
        result.Error.Message.ShouldContain(phrase);
        Snapshot(order).ShouldBe(before);
    }

    [Theory]
    [InlineData(ActorRole.Customer)]
    [InlineData(ActorRole.Rider)]
    [InlineData(ActorRole.Admin)]
    [InlineData(ActorRole.System)]
    public void Only_the_shop_may_change_an_order(ActorRole role)
    {
        var order = AnOrderOfThree();
        var before = Snapshot(order);

        var result = order.ProposeChanges(new ProposedChanges([new(Milk, 0)], []), AnActor(role), _clock, Deadline());

        result.Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        Snapshot(order).ShouldBe(before);
    }

    [Fact]
    public void An_accepted_order_cannot_be_changed_and_the_refusal_says_what_it_is()
    {
        var order = AnOrderOfThree();
        order.TransitionTo(OrderStatus.Accepted, _merchant, _clock).IsSuccess.ShouldBeTrue();
        var before = Snapshot(order);

        var result = order.ProposeChanges(new ProposedChanges([new(Milk, 0)], []), _merchant, _clock, Deadline());

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        result.Error.Message.ShouldStartWith("This order is accepted");
        Snapshot(order).ShouldBe(before);
    }

    [Fact]
    public void Changes_can_be_proposed_once_only()
    {
        var order = AnOrderOfThree();
        order.ProposeChanges(new ProposedChanges([new(Milk, 1)], []), _merchant, _clock, Deadline()).IsSuccess.ShouldBeTrue();

        var again = order.ProposeChanges(new ProposedChanges([new(Bread, 1)], []), _merchant, _clock, Deadline());

        again.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        LineOf(order, Bread).Quantity.ShouldBe(3);
    }

    [Fact]
    public void A_deadline_that_has_passed_is_a_bug_of_the_caller()
    {
        var order = AnOrderOfThree();

        Should.Throw<ArgumentOutOfRangeException>(() => order.ProposeChanges(new ProposedChanges([new(Milk, 1)], []), _merchant, _clock, _clock.GetUtcNow()));
    }

    [Fact]
    public void Waiting_for_the_customer_without_changes_is_not_a_move_the_table_can_make_alone()
    {
        var order = AnOrderOfThree();

        Should.Throw<InvalidOperationException>(() => order.TransitionTo(OrderStatus.AwaitingCustomer, _merchant, _clock));
        order.Status.ShouldBe(OrderStatus.Placed);
    }

    [Fact]
    public void The_customer_approving_accepts_the_changed_order_and_ends_the_wait()
    {
        var order = AwaitingCustomer(IfUnavailable.Cancel);
        var total = order.TotalPaise;
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = order.ApproveChanges(TheCustomer(), _clock);

        result.IsSuccess.ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Accepted);
        order.ChangesDeadline.ShouldBeNull();
        order.TotalPaise.ShouldBe(total);
        var approved = order.Events[^1];
        (approved.FromStatus, approved.ToStatus, approved.ActorRole, approved.ActorId, approved.Reason)
            .ShouldBe((OrderStatus.AwaitingCustomer, OrderStatus.Accepted, ActorRole.Customer, (Guid?)_customerId, "Approved the shop's changes"));
    }

    [Fact]
    public void The_customer_declining_cancels_the_order()
    {
        var order = AwaitingCustomer(IfUnavailable.Proceed);

        var result = order.DeclineChanges(TheCustomer(), _clock);

        result.IsSuccess.ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Cancelled);
        order.ChangesDeadline.ShouldBeNull();
        (order.Events[^1].ActorRole, order.Events[^1].Reason).ShouldBe((ActorRole.Customer, "Declined the shop's changes"));
    }

    [Fact]
    public void Another_customer_cannot_answer()
    {
        var order = AwaitingCustomer(IfUnavailable.Proceed);

        order.ApproveChanges(AnActor(ActorRole.Customer), _clock).Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        order.DeclineChanges(AnActor(ActorRole.Customer), _clock).Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        order.Status.ShouldBe(OrderStatus.AwaitingCustomer);
    }

    [Fact]
    public void The_shop_cannot_answer_for_the_customer()
    {
        var order = AwaitingCustomer(IfUnavailable.Proceed);

        order.ApproveChanges(_merchant, _clock).Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        order.Status.ShouldBe(OrderStatus.AwaitingCustomer);
    }

    [Fact]
    public void Answering_when_no_changes_wait_is_a_conflict_that_says_what_the_order_is()
    {
        var order = AnOrderOfThree();

        var result = order.ApproveChanges(TheCustomer(), _clock);

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        result.Error.Code.ShouldBe("order.no-changes-to-answer");
        result.Error.Message.ShouldBe("This order is placed now; no changes wait for an answer.");
        order.DeclineChanges(TheCustomer(), _clock).Error!.Kind.ShouldBe(ErrorKind.Conflict);
        order.ApplyChangesDefault(_clock).Error!.Kind.ShouldBe(ErrorKind.Conflict);
        order.Status.ShouldBe(OrderStatus.Placed);
    }

    [Fact]
    public void The_default_does_not_apply_before_the_deadline()
    {
        var order = AwaitingCustomer(IfUnavailable.Proceed);
        _clock.Advance(Window - TimeSpan.FromSeconds(1));

        var result = order.ApplyChangesDefault(_clock);

        result.Error!.Code.ShouldBe("order.changes-not-due");
        order.Status.ShouldBe(OrderStatus.AwaitingCustomer);
    }

    [Fact]
    public void At_the_deadline_proceed_accepts_the_changed_order_as_the_platform()
    {
        var order = AwaitingCustomer(IfUnavailable.Proceed);
        _clock.Advance(Window);

        order.ApplyChangesDefault(_clock).IsSuccess.ShouldBeTrue();

        order.Status.ShouldBe(OrderStatus.Accepted);
        (order.Events[^1].ActorRole, order.Events[^1].ActorId).ShouldBe((ActorRole.System, (Guid?)null));
        order.Events[^1].Reason!.ShouldContain("as chosen at checkout");
        order.ChangesDeadline.ShouldBeNull();
    }

    [Fact]
    public void At_the_deadline_cancel_cancels_the_order_as_the_platform()
    {
        var order = AwaitingCustomer(IfUnavailable.Cancel);
        _clock.Advance(Window + TimeSpan.FromSeconds(5));

        order.ApplyChangesDefault(_clock).IsSuccess.ShouldBeTrue();

        order.Status.ShouldBe(OrderStatus.Cancelled);
        order.Events[^1].ActorRole.ShouldBe(ActorRole.System);
        order.Events[^1].Reason.ShouldBe("No answer to the shop's changes in time: cancelled, as chosen at checkout");
    }

    [Fact]
    public void An_answer_after_the_deadline_still_counts_until_the_default_is_applied_and_then_only_one_outcome_stands()
    {
        var order = AwaitingCustomer(IfUnavailable.Cancel);
        _clock.Advance(Window + TimeSpan.FromSeconds(2));

        order.ApproveChanges(TheCustomer(), _clock).IsSuccess.ShouldBeTrue();
        var late = order.ApplyChangesDefault(_clock);

        late.Error!.Code.ShouldBe("order.no-changes-to-answer");
        order.Status.ShouldBe(OrderStatus.Accepted);
        order.Events.Count(e => e.FromStatus == OrderStatus.AwaitingCustomer).ShouldBe(1);
    }

    [Fact]
    public void Once_the_default_applied_the_customer_can_no_longer_answer()
    {
        var order = AwaitingCustomer(IfUnavailable.Proceed);
        _clock.Advance(Window);
        order.ApplyChangesDefault(_clock).IsSuccess.ShouldBeTrue();

        var declined = order.DeclineChanges(TheCustomer(), _clock);

        declined.Error!.Message.ShouldBe("This order is accepted now; no changes wait for an answer.");
        order.Status.ShouldBe(OrderStatus.Accepted);
    }

    [Fact]
    public void Describe_says_in_words_that_the_order_waits_for_the_customer()
    {
        Order.Describe(OrderStatus.AwaitingCustomer).ShouldBe("waiting for the customer's answer to the shop's changes");
    }

    private static OrderLine LineOf(Order order, long id) => order.Lines.Single(l => l.Id == id);

    private static (OrderStatus, int, long, long, int, string) Snapshot(Order order) =>
        (order.Status, order.Version, order.SubtotalPaise, order.TotalPaise, order.Events.Count,
            string.Join(";", order.Lines.Select(l => $"{l.Id}:{l.Quantity}/{l.OriginalQuantity}:{l.LineTotalPaise}")));

    private static ProposedChanges Proposal(Order order, string name)
    {
        var milk = LineOf(order, Milk);
        return name switch
        {
            "nothing" => new ProposedChanges([], []),
            "same quantities" => new ProposedChanges([new(Milk, 2), new(Bread, 3)], []),
            "everything unavailable" => new ProposedChanges([new(Milk, 0), new(Atta, 0), new(Bread, 0)], []),
            "more milk" => new ProposedChanges([new(Milk, 3)], []),
            "negative milk" => new ProposedChanges([new(Milk, -1)], []),
            "unknown line" => new ProposedChanges([new(99, 0)], []),
            "milk twice" => new ProposedChanges([new(Milk, 1), new(Milk, 0)], []),
            "milk reduced and substituted" => new ProposedChanges([new(Milk, 1)], [new(Milk, Guid.NewGuid(), "Nandini Milk", "500 ml", new Money(2800), 1)]),
            "substitute for an unknown line" => new ProposedChanges([], [new(99, Guid.NewGuid(), "Nandini Milk", "500 ml", new Money(2800), 1)]),
            "milk for milk" => new ProposedChanges([], [new(Milk, milk.ProductId, milk.Name, milk.Unit, new Money(milk.UnitPricePaise), 1)]),
            "no substitute units" => new ProposedChanges([], [new(Milk, Guid.NewGuid(), "Nandini Milk", "500 ml", new Money(2800), 0)]),
            "a long note" => new ProposedChanges([new(Milk, 1)], [], new string('x', Order.ChangesNoteMaxLength + 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such proposal in this test."),
        };
    }

    private DateTimeOffset Deadline() => _clock.GetUtcNow() + Window;

    private Actor TheCustomer() => new(ActorRole.Customer, _customerId);

    /// <summary>2 × milk ₹30 (line 1), 1 × atta ₹45.50 (line 2), 3 × bread ₹40 (line 3); delivery ₹25.</summary>
    private Order AnOrderOfThree(IfUnavailable ifUnavailable = IfUnavailable.Proceed)
    {
        OrderLine[] lines =
        [
            ALine(unitPricePaise: 3000, quantity: 2, name: "Amul Taaza Milk"),
            ALine(unitPricePaise: 4550, quantity: 1, name: "Aashirvaad Atta"),
            ALine(unitPricePaise: 4000, quantity: 3, name: "Modern Bread"),
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            // Ids as the database gives them: the changes name lines by id.
            typeof(OrderLine).GetProperty(nameof(OrderLine.Id))!.SetValue(lines[i], i + 1L);
        }

        return new Order(
            Guid.NewGuid(),
            _customerId,
            Guid.NewGuid(),
            Guid.NewGuid(),
            "14, 12th Main, HAL 2nd Stage, Indiranagar",
            Indiranagar(),
            null,
            PaymentMethod.CashOnDelivery,
            ifUnavailable,
            new Money(2500),
            lines,
            TheCustomer(),
            PlacedAt);
    }

    /// <summary>An order of three whose milk the shop has marked unavailable, answer due in <see cref="Window"/>.</summary>
    private Order AwaitingCustomer(IfUnavailable ifUnavailable)
    {
        var order = AnOrderOfThree(ifUnavailable);
        order.ProposeChanges(new ProposedChanges([new(Milk, 0)], []), _merchant, _clock, Deadline()).IsSuccess.ShouldBeTrue();
        return order;
    }
}
