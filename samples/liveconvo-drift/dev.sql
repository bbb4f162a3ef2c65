-- LiveConvo development database (seed 003): referral audit trail, email notifications, custom reports, preferences.
CREATE TYPE public.referral_status AS ENUM ('pending', 'completed', 'rewarded', 'expired');
CREATE TYPE public.referral_event_type AS ENUM (
  'link_clicked', 'code_validated', 'code_invalid', 'signup_attempted', 'signup_completed', 'self_referral_blocked',
  'payment_completed', 'credit_scheduled', 'credit_granted', 'credit_failed', 'refund_processed', 'fraud_detected', 'error'
);

CREATE TABLE public.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email varchar(255) NOT NULL UNIQUE,
  full_name text,
  referral_code varchar(10) UNIQUE,
  referred_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  title text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  plan text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  current_period_end timestamptz
);

CREATE TABLE public.user_referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referrer_id uuid NOT NULL REFERENCES public.users(id),
  referee_id uuid NOT NULL REFERENCES public.users(id),
  referee_email varchar(255) NOT NULL,
  status public.referral_status NOT NULL DEFAULT 'pending',
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  reward_amount numeric DEFAULT 5.00,
  discount_percentage integer DEFAULT 10,
  ip_address inet,
  device_id varchar(255),
  stripe_customer_id varchar(255),
  stripe_payment_intent_id varchar(255),
  metadata jsonb DEFAULT '{}'
);

CREATE TABLE public.custom_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES public.sessions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  prompt text NOT NULL,
  template varchar(100) DEFAULT 'custom',
  generated_content text,
  metadata jsonb DEFAULT '{}',
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now()
);
CREATE INDEX idx_custom_reports_session_id ON public.custom_reports (session_id);
CREATE INDEX idx_custom_reports_user_id ON public.custom_reports (user_id);
CREATE INDEX idx_custom_reports_created_at ON public.custom_reports (created_at DESC);

CREATE TABLE public.email_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES public.sessions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES public.users(id) ON DELETE CASCADE,
  email_type varchar(50) NOT NULL,
  recipient_email varchar(255) NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'pending',
  error_message text,
  sent_at timestamptz,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_email_notifications_session_id ON public.email_notifications (session_id);
CREATE INDEX idx_email_notifications_user_id ON public.email_notifications (user_id);
CREATE INDEX idx_email_notifications_email_type ON public.email_notifications (email_type);
CREATE INDEX idx_email_notifications_status ON public.email_notifications (status);

CREATE TABLE public.referral_audit_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type public.referral_event_type NOT NULL,
  user_id uuid REFERENCES public.users(id),
  referrer_id uuid REFERENCES public.users(id),
  referee_id uuid REFERENCES public.users(id),
  referral_id uuid REFERENCES public.user_referrals(id),
  referral_code varchar(10),
  ip_address inet,
  user_agent text,
  device_id varchar(255),
  event_data jsonb DEFAULT '{}',
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_referral_audit_logs_user_id ON public.referral_audit_logs (user_id);
CREATE INDEX idx_referral_audit_logs_referrer_id ON public.referral_audit_logs (referrer_id);
CREATE INDEX idx_referral_audit_logs_event_type ON public.referral_audit_logs (event_type);
CREATE INDEX idx_referral_audit_logs_referral_code ON public.referral_audit_logs (referral_code);
CREATE INDEX idx_referral_audit_logs_created_at ON public.referral_audit_logs (created_at DESC);

CREATE TABLE public.user_preferences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL UNIQUE REFERENCES public.users(id) ON DELETE CASCADE,
  email_notifications_enabled boolean DEFAULT true,
  email_post_call_summary boolean DEFAULT true,
  email_weekly_digest boolean DEFAULT false,
  email_important_insights boolean DEFAULT true,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_user_preferences_user_id ON public.user_preferences (user_id);

CREATE FUNCTION public.generate_referral_code() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN upper(substr(md5(random()::text), 1, 6));
END $$;

CREATE FUNCTION public.generate_user_referral_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.referral_code IS NULL THEN
    NEW.referral_code := public.generate_referral_code();
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  INSERT INTO public.user_preferences (user_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;

CREATE FUNCTION public.log_referral_event(p_event_type public.referral_event_type, p_user_id uuid, p_referral_code text, p_event_data jsonb DEFAULT '{}')
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE v_id uuid;
BEGIN
  INSERT INTO public.referral_audit_logs (event_type, user_id, referral_code, event_data)
  VALUES (p_event_type, p_user_id, p_referral_code, p_event_data) RETURNING id INTO v_id;
  RETURN v_id;
END $$;

CREATE FUNCTION public.process_referral_code(p_referral_code text, p_referee_id uuid, p_ip_address inet, p_device_id text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE v_referrer uuid;
BEGIN
  SELECT id INTO v_referrer FROM public.users WHERE referral_code = p_referral_code;
  IF v_referrer IS NULL THEN
    PERFORM public.log_referral_event('code_invalid', p_referee_id, p_referral_code);
    RETURN false;
  END IF;
  IF v_referrer = p_referee_id THEN
    PERFORM public.log_referral_event('self_referral_blocked', p_referee_id, p_referral_code);
    RETURN false;
  END IF;
  INSERT INTO public.user_referrals (referrer_id, referee_id, referee_email, ip_address, device_id)
  SELECT v_referrer, p_referee_id, email, p_ip_address, p_device_id FROM public.users WHERE id = p_referee_id;
  PERFORM public.log_referral_event('code_validated', p_referee_id, p_referral_code);
  RETURN true;
END $$;

CREATE FUNCTION public.complete_referral(p_referee_id uuid, p_payment_intent_id text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.user_referrals
     SET status = 'completed', completed_at = now(), stripe_payment_intent_id = p_payment_intent_id
   WHERE referee_id = p_referee_id AND status = 'pending';
END $$;

CREATE TRIGGER set_user_referral_code BEFORE INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION public.generate_user_referral_code();
CREATE TRIGGER on_user_created AFTER INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
